/* Heat layer: the density of the incidents the filters show. Off by default (over the size
 * budget the aggregate layer counts the incidents instead, geomap-aggregate.js). */
(function () {
  "use strict";
  Geomap.register("heat", function (view, options) {
    var d = view.d, heat = L.heatLayer([], options.heat);
    view.overlay(options.label, heat);
    view.onFilter(function (selection) {
      heat.setLatLngs(selection.all.map(function (j) { return [d.lat[j], d.lon[j]]; }));
    });
    view.heat = heat;
  });
})();
