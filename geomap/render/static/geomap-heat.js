/* Heat layer: the density of the incidents the filters show. Off by default; the only layer
 * drawn when the data exceed the size budget and the per-incident details were dropped. */
(function () {
  "use strict";
  Geomap.register("heat", function (view, options) {
    var d = view.d, heat = L.heatLayer([], options.heat);
    view.overlay(options.label, heat);
    if (!d.details) heat.addTo(view.map);
    view.onFilter(function (selection) {
      heat.setLatLngs(selection.all.map(function (j) { return [d.lat[j], d.lon[j]]; }));
    });
    view.heat = heat;
  });
})();
