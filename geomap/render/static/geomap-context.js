/* Context layer (offline maps): inside the incidents' bounding box, Natural Earth 1:10m land
 * over the 1:110m basemap (the box's sea is painted first, so the coarse coast disappears),
 * country borders, first-level division boundaries and names from a middle zoom, and GeoNames
 * populated places whose labels appear by zoom, the larger first (each place carries the zoom
 * from which its label fits; geomap/render/surroundings.py); no label is written over
 * another. Shapes come as integer steps (geomap/render/steps.py). Labels exist only for the
 * view: a move redraws them. Names reach the page through textContent. */
(function () {
  "use strict";
  var el = Geomap.el;

  function label(lat, lon, name, className) {
    var box = el("div", className);
    box.appendChild(el("span", "geomap-place-dot"));
    box.appendChild(el("span", "geomap-place-name", name));
    return L.marker([lat, lon], {pane: "geomapLabels", interactive: false, keyboard: false,
      icon: L.divIcon({html: box, className: "geomap-place-icon", iconSize: null,
                       iconAnchor: [4, 9]})});
  }

  Geomap.register("context", function (view, options) {
    var map = view.map, s = options.surroundings, style = options.style, b = s.box;
    // a line or ring: its first point and the steps to the next, in 1/scale degree
    // (geomap/render/steps.py); Leaflet wants [lat, lon]
    function points(run) {
      var out = new Array(run.length / 2), x = 0, y = 0;
      for (var i = 0; i < run.length; i += 2) {
        x += run[i]; y += run[i + 1];
        out[i / 2] = [y / s.scale, x / s.scale];
      }
      return out;
    }
    map.createPane("geomapLabels").style.zIndex = 450;  // above shapes, below pins
    map.getPane("geomapLabels").style.pointerEvents = "none";
    L.rectangle([[b[1], b[0]], [b[3], b[2]]], {stroke: false, fillColor: style.sea,
      fillOpacity: 1, interactive: false}).addTo(map);
    s.land.forEach(function (country) {
      L.polygon(country[1].map(function (rings) { return rings.map(points); }),
        {interactive: false, stroke: false, fillColor: style.land, fillOpacity: 1,
         className: "geomap-land"}).addTo(map);
    });
    var admin1 = L.polyline(s.admin1.map(points), {interactive: false, color: style.admin1,
      weight: 0.9, dashArray: "5 3", className: "geomap-admin1"});
    L.polyline(s.borders.map(points), {interactive: false, color: style.border, weight: 1.3,
      className: "geomap-border"}).addTo(map);
    var labels = L.layerGroup().addTo(map), shown = Object.create(null);

    // Where a label would sit on screen, in pixels, as its style draws it (11px type, the
    // dot before a town's name): estimated from its length, not measured, so placing one
    // costs no layout.
    function box(p, zoom) {
      var at = map.project([p[1], p[0]], zoom), width = 6.5 * p[2].length + 10;
      return [at.x - 4, at.y - 9, at.x - 4 + width, at.y + 5];
    }

    // Boxes already placed, in buckets of screen space. A label's first zoom (from Python)
    // gives it a cell of its own, but a long name reaches into the next cell, and a division's
    // name ("Al Hasakah") may sit on its town's: neither is written over another.
    function placed() {
      var buckets = Object.create(null), W = 128, H = 32;
      function each(b, f) {
        for (var i = Math.floor(b[0] / W); i <= Math.floor(b[2] / W); i++)
          for (var j = Math.floor(b[1] / H); j <= Math.floor(b[3] / H); j++)
            if (f(i + ":" + j)) return true;
        return false;
      }
      return {
        add: function (b) {
          each(b, function (key) { (buckets[key] = buckets[key] || []).push(b); });
        },
        covers: function (b) {
          return each(b, function (key) {
            return (buckets[key] || []).some(function (o) {
              return b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3];
            });
          });
        }
      };
    }

    function wanted() {
      var zoom = Math.round(map.getZoom()), bounds = map.getBounds().pad(0.1), keys = {};
      var taken = placed();
      // towns first, the larger first (their order), then division names; each label is
      // drawn only where it covers none drawn before it
      function take(p, key) {
        var b = box(p, zoom);
        if (taken.covers(b)) return;
        taken.add(b);
        keys[key] = p;
      }
      s.places.forEach(function (p, k) {
        if (p[3] <= zoom && bounds.contains([p[1], p[0]])) take(p, "p" + k);
      });
      if (zoom >= options.admin1_zoom && zoom <= options.admin1_labels_until) {
        s.labels.forEach(function (p, k) {
          if (bounds.contains([p[1], p[0]])) take(p, "a" + k);
        });
      }
      return keys;
    }

    function redraw() {
      var keys = wanted(), k;
      for (k in shown) if (!(k in keys)) { labels.removeLayer(shown[k]); delete shown[k]; }
      for (k in keys) if (!(k in shown)) {
        var p = keys[k];
        shown[k] = label(p[1], p[0], p[2], k[0] === "p" ? "geomap-place" : "geomap-admin1-name");
        labels.addLayer(shown[k]);
      }
      if (map.getZoom() >= options.admin1_zoom) admin1.addTo(map);
      else admin1.remove();
    }
    map.on("moveend", redraw);
    view.onReady(redraw);
    view.context = {labels: labels};
  });
})();
