/* Layer control: switches every overlay the layers before it listed, in their order; folded
 * into its icon on a phone. Leaflet writes an overlay's name with innerHTML, and names hold
 * event types read from the data (a shared GeoJSON may say anything): they are escaped, so a
 * name shows as text. */
(function () {
  "use strict";
  var ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

  function escaped(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  Geomap.register("layer_control", function (view, options) {
    var named = {};
    Object.keys(view.overlays).forEach(function (label) {
      named[escaped(label)] = view.overlays[label];
    });
    var folded = Object.assign({}, options, {collapsed: options.collapsed || Geomap.narrow()});
    L.control.layers(null, named, folded).addTo(view.map);
  });
})();
