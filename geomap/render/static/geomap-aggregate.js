/* Aggregate layer (maps over the size budget, which carry no per-incident details): the
 * incidents the filters show, counted by area with supercluster across every event type. A
 * circle says how many incidents it holds; a click, Enter or Space zooms in until it splits;
 * a lone incident is a small dot. Only what the view needs is drawn. */
(function () {
  "use strict";
  var el = Geomap.el, MAX_ZOOM = 16;

  function countMarker(f) {
    var n = f.properties.point_count, size = n < 100 ? 32 : n < 1000 ? 38 : n < 10000 ? 44 : 50;
    var m = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {keyboard: true,
      icon: L.divIcon({html: el("div", null, f.properties.point_count_abbreviated),
                       className: "geomap-aggregate", iconSize: [size, size]})});
    m.geomapAggregate = f.properties.cluster_id;
    m.geomapCount = n;
    m.geomapLabel = n + " incidents in this area: open to zoom in";
    return GeomapPins.pressable(m);
  }

  function dot(f) {
    var m = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {keyboard: true,
      icon: L.divIcon({className: "geomap-aggregate-one", iconSize: [10, 10]})});
    m.geomapCount = 1;
    m.geomapLabel = "One incident (its details are in incidents.geojson)";
    return GeomapPins.pressable(m);
  }

  Geomap.register("aggregate", function (view, options) {
    var d = view.d, map = view.map, layer = L.featureGroup().addTo(map), shown = {}, index;
    view.overlay(options.label, layer);

    function redraw(reset) {
      if (reset) { layer.clearLayers(); shown = {}; }
      if (!index || !map.hasLayer(layer)) return;
      var keys = {}, k;
      index.getClusters(GeomapPins.viewBox(map), Math.round(map.getZoom())).forEach(function (f) {
        keys[f.properties.cluster ? "c" + f.properties.cluster_id : "p" + f.properties.i] = f;
      });
      for (k in shown) if (!(k in keys)) { layer.removeLayer(shown[k]); delete shown[k]; }
      for (k in keys) if (!(k in shown)) {
        shown[k] = k[0] === "c" ? countMarker(keys[k]) : dot(keys[k]);
        layer.addLayer(shown[k]);
      }
    }

    view.onFilter(function (selection) {
      index = new Supercluster({radius: 70, maxZoom: MAX_ZOOM});
      index.load(selection.all.map(function (i) { return {type: "Feature", properties: {i: i},
        geometry: {type: "Point", coordinates: [d.lon[i], d.lat[i]]}}; }));
      redraw(true);
    });
    map.on("moveend", function () { redraw(false); });
    layer.on("add", function (e) { if (!e.propagatedFrom) redraw(false); });
    layer.on("click", function (e) {
      var m = e.layer;
      if (m.geomapAggregate === undefined) return;
      map.setView(m.getLatLng(), Math.min(index.getClusterExpansionZoom(m.geomapAggregate),
                                          map.getMaxZoom()));
    });
    view.aggregate = layer;
  });
})();
