/* Export: the incidents the filters show, as GeoJSON (the properties of incidents.geojson) or
 * CSV, built in the page and saved through a Blob download: nothing leaves the machine. */
(function () {
  "use strict";
  var el = Geomap.el;
  var FIELDS = [["incident_id", "id"], ["event_type", "type"], ["sub_event_type", "sub"],
    ["event_date", "date"], ["time_precision", "tprec"], ["date_expression", "expr"],
    ["actor1", "a1"], ["actor2", "a2"], ["fatalities", "fat"], ["wounded", "wnd"],
    ["location_name", "place"], ["qualifier", "qual"], ["country_code", "cc"],
    ["geonameid", "gid"], ["geo_precision", "prec"], ["location_basis", "basis"],
    ["resolver", "res"], ["source_count", "src"]];
  var STRINGS = {type: 1, sub: 1, date: 1, tprec: 1, expr: 1, a1: 1, a2: 1, place: 1, qual: 1,
                 cc: 1, basis: 1, res: 1};

  /* Incident i's properties, named as in incidents.geojson. */
  function properties(d, i) {
    var out = {};
    FIELDS.forEach(function (f) {
      var column = d[f[1]], value = column ? column[i] : null;
      out[f[0]] = STRINGS[f[1]] ? d.strings[value] : value === undefined ? null : value;
    });
    var quotes = typeof d.q[i] === "number" ? [d.q[i]] : d.q[i];
    out.quotes = quotes.map(function (k) {
      return {article_id: d.strings[d.art.id[d.qa[k]]], text: d.qt[k]};
    });
    if (d.rev && d.rev[i]) out.review = d.rev[i];
    return out;
  }

  function geojson(d, list) {
    return JSON.stringify({type: "FeatureCollection", features: list.map(function (i) {
      var props = properties(d, i);
      return {type: "Feature", id: props.incident_id, properties: props,
              geometry: {type: "Point", coordinates: [d.lon[i], d.lat[i]]}};
    })}, null, 1) + "\n";
  }

  /* One CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe. */
  function cell(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(d, list) {
    var head = FIELDS.map(function (f) { return f[0]; }).concat(
      ["latitude", "longitude", "article_ids", "quotes"]);
    var lines = [head.join(",")];
    list.forEach(function (i) {
      var p = properties(d, i), row = FIELDS.map(function (f) { return cell(p[f[0]]); });
      var articles = p.quotes.map(function (q) { return q.article_id; });
      row.push(cell(d.lat[i]), cell(d.lon[i]), cell(Array.from(new Set(articles)).join(" ")),
               cell(p.quotes.map(function (q) { return q.text; }).join("\n")));
      lines.push(row.join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  Geomap.register("export", function (view, options) {
    var d = view.d, list = [], label;
    if (!d.details) return;
    function button(text, make) {
      var b = el("button", "geomap-export-button", text);
      b.type = "button";
      b.addEventListener("click", make);
      return b;
    }
    Geomap.panel(view.map, options.position, options.title, "geomap-export", function () {
      var box = el("div", "geomap-export-body");
      label = box.appendChild(el("div", "geomap-export-status"));
      box.appendChild(button("GeoJSON", function () {
        Geomap.download(options.name + ".geojson", "application/geo+json", geojson(d, list));
      }));
      box.appendChild(button("CSV", function () {
        Geomap.download(options.name + ".csv", "text/csv", csv(d, list));
      }));
      return box;
    });
    view.onFilter(function (selection) {
      list = selection.all;
      label.textContent = "The " + list.length + " incidents the filters show:";
    });
    view.exportProperties = function (i) { return properties(d, i); };
  });
})();
