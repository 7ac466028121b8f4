/* Country layers: the basemap's polygons shaded by the incidents (or the fatalities) the
 * filters show, on a log scale; a tooltip gives both figures. */
(function () {
  "use strict";
  var el = Geomap.el;

  function colourRamp(t) {
    var stops = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
    return stops[Math.min(stops.length - 1, Math.floor(t * (stops.length - 1) + 0.5))];
  }

  function countryLayer(countries, metric) {
    var values = Object.create(null), layer = L.geoJSON(countries, {
      style: {color: "#666", weight: 0.6, fillOpacity: 0},
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () {
          var v = values[f.properties.iso] || [0, 0];
          return el("span", null, f.properties.name + ": " + v[0] + " incidents, " + v[1] +
                    " fatalities");
        }, {sticky: true});
      }});
    layer.update = function (totals) {
      values = totals;
      var max = 0, iso;
      for (iso in totals) max = Math.max(max, totals[iso][metric]);
      layer.eachLayer(function (shape) {
        var v = (totals[shape.feature.properties.iso] || [0, 0])[metric];
        shape.setStyle(v > 0 ? {fillColor: colourRamp(Math.log(1 + v) / Math.log(1 + max)),
          fillOpacity: 0.75} : {fillOpacity: 0});
      });
    };
    return layer;
  }

  Geomap.register("countries", function (view, options) {
    var d = view.d, countries = view.countries || {type: "FeatureCollection", features: []};
    var shaded = options.labels.map(function (label, metric) {
      return view.overlay(label, countryLayer(countries, metric));
    });
    view.onFilter(function (selection) {
      var totals = Object.create(null);
      selection.all.forEach(function (j) {
        var cc = d.strings[d.cc[j]];
        if (cc) { totals[cc] = totals[cc] || [0, 0]; totals[cc][0] += 1; totals[cc][1] += d.fat[j] || 0; }
      });
      shaded.forEach(function (layer) { layer.update(totals); });
    });
  });
})();
