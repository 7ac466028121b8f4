/* Basemap layer: Natural Earth country polygons. Offline they are drawn in place of tiles;
 * either way they are kept on the view as the shapes of the country layer. */
(function () {
  "use strict";
  Geomap.register("basemap", function (view, options) {
    view.countries = options.countries;
    if (options.draw) L.geoJSON(options.countries, {interactive: false, style: options.style})
      .addTo(view.map);
  });
})();
