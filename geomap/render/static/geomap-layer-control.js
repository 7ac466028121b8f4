/* Layer control: switches every overlay the layers before it listed, in their order. */
(function () {
  "use strict";
  Geomap.register("layer_control", function (view, options) {
    L.control.layers(null, view.overlays, options).addTo(view.map);
  });
})();
