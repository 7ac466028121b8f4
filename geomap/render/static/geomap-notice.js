/* Notice: what the size budget did to this map (clustered pins, or counts by area). */
(function () {
  "use strict";
  Geomap.register("notice", function (view, options) {
    Geomap.control(view.map, options.position, function () {
      return Geomap.el("div", "geomap-notice", view.d.notice);
    });
  });
})();
