/* Legend: each event type's colour and symbol, with how many of its incidents the filters
 * show ("3 of 7") beside the total. */
(function () {
  "use strict";
  var el = Geomap.el;

  Geomap.register("legend", function (view, options) {
    var types = view.types, styles = view.styles, counts = view.counts, spans = {};
    Geomap.panel(view.map, options.position, options.title, "geomap-legend", function () {
      var box = el("div", "geomap-legend-body");
      types.forEach(function (t) {
        var line = el("div"), swatch = el("span", "geomap-swatch", styles[t].icon);
        swatch.style.background = styles[t].color;
        swatch.style.color = Geomap.textOn(styles[t].color);
        line.appendChild(swatch);
        spans[t] = line.appendChild(el("span", null, t + " (" + counts[t] + ")"));
        box.appendChild(line);
      });
      box.appendChild(el("div", "geomap-note", options.note));
      return box;
    });
    view.onFilter(function (selection) {
      types.forEach(function (t) {
        var shown = selection.byType[t].length;
        spans[t].textContent = t + " (" + (shown === counts[t] ? counts[t] : shown + " of " +
                                           counts[t]) + ")";
      });
    });
  });
})();
