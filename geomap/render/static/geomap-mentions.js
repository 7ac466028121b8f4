/* Place mentions: every resolved place the articles name, sized by how often; off by default,
 * since a place mentioned is not an incident site. */
(function () {
  "use strict";
  var el = Geomap.el;

  function mentionPopup(p) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", p.name + " (" + p.count + " mentions)"));
    (p.texts || []).forEach(function (t) { box.appendChild(el("div", null, "\u201c" + t + "\u201d")); });
    var table = el("table", "geomap-facts");
    Geomap.row(table, "Placed by", p.resolver);
    Geomap.row(table, "Feature", p.feature_code);
    box.appendChild(table);
    return box;
  }

  Geomap.register("mentions", function (view, options) {
    var layer = L.featureGroup(), c = view.d.places;
    // one list per field (geomap/render/places_mentioned.py), a place per index
    c.lat.forEach(function (lat, k) {
      var p = {lat: lat, lon: c.lon[k], name: c.name[k], count: c.count[k],
               resolver: c.resolver[k], feature_code: c.feature_code[k], texts: c.texts[k]};
      var m = L.circleMarker([p.lat, p.lon], {radius: 3 + 2 * Math.sqrt(p.count), color: "#555",
        weight: 1, fillColor: "#999", fillOpacity: 0.5, className: "geomap-mention"});
      m.bindPopup(function () { return mentionPopup(p); });
      m.bindTooltip(el("span", null, p.name + " \u2013 mentioned " + p.count + "\u00d7"));
      layer.addLayer(m);
    });
    view.overlay(options.label, layer);
  });
})();
