/* Layer control: switches every overlay the layers before it listed, in their order; folded
 * into its icon on a phone. */
(function () {
  "use strict";
  Geomap.register("layer_control", function (view, options) {
    var folded = Object.assign({}, options, {collapsed: options.collapsed || Geomap.narrow()});
    L.control.layers(null, view.overlays, folded).addTo(view.map);
  });
})();
