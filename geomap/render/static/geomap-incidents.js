/* Incident layers: one per event type, pins (clustered above the size budget, geomap-pins.js)
 * coloured by the type's style, each with a popup of its quotes, sources and facts.
 * Text reaches the page through Geomap.el (textContent) only. */
(function () {
  "use strict";
  var el = Geomap.el, row = Geomap.row;
  var PRECISION = {1: "1 \u2013 the town itself", 2: "2 \u2013 part of or near a town",
                   3: "3 \u2013 a region or country (not a site)"};

  function articleLine(d, a) {
    var S = d.strings, art = d.art, line = el("div", "geomap-source");
    line.appendChild(Geomap.safeLink(S[art.url[a]], S[art.title[a]] || S[art.id[a]]));
    var extra = [S[art.source[a]], S[art.published[a]] && "published " + S[art.published[a]]];
    extra = extra.filter(Boolean).join(", ");
    if (extra) line.appendChild(el("span", null, " (" + extra + ")"));
    return line;
  }

  function incidentPopup(d, i) {
    var S = d.strings, box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", S[d.type[i]] + " \u2013 " + S[d.sub[i]]));
    var quotes = typeof d.q[i] === "number" ? [d.q[i]] : d.q[i];
    var articles = quotes.map(function (k) { return d.qa[k]; });
    if (new Set(articles).size > 1) {
      box.appendChild(el("div", "geomap-note", new Set(articles).size + " reports of this incident:"));
    }
    quotes.forEach(function (k, n) {
      box.appendChild(el("blockquote", "geomap-quote", d.qt[k]));
      if (articles[n + 1] !== articles[n]) box.appendChild(articleLine(d, articles[n]));
    });
    var table = el("table", "geomap-facts");
    var when = S[d.date[i]] ? S[d.date[i]] + " (" + S[d.tprec[i]] + ")" : "unknown";
    if (S[d.expr[i]]) when += " \u2013 \u201c" + S[d.expr[i]] + "\u201d";
    row(table, "Event date", when);
    row(table, "Place", S[d.place[i]] + (S[d.qual[i]] ? " (" + S[d.qual[i]] + ")" : ""));
    row(table, "Precision", PRECISION[d.prec[i]] || "geo_precision " + d.prec[i]);
    row(table, "Location basis", S[d.basis[i]]);
    row(table, "Placed by", S[d.res[i]]);
    row(table, "Actor 1", S[d.a1[i]]);
    row(table, "Actor 2", S[d.a2[i]]);
    row(table, "Fatalities", d.fat[i]);
    row(table, "Wounded", d.wnd[i]);
    row(table, "Reports", d.src[i]);
    box.appendChild(table);
    return box;
  }

  Geomap.register("incidents", function (view) {
    var d = view.d, layers = Object.create(null);
    var popupFor = function (k) { return incidentPopup(d, k); };
    if (d.details) view.types.forEach(function (t) {
      layers[t] = GeomapPins.layer(view.map, d, view.styles[t], {
        clustered: d.mode === "cluster", popupFor: popupFor}).addTo(view.map);
      view.overlay(t + " (" + view.counts[t] + ")", layers[t]);
    });
    view.onFilter(function (selection) {
      view.types.forEach(function (t) {
        if (layers[t]) layers[t].setMembers(selection.byType[t]);
      });
    });
    view.layers = layers;
    view.reveal = function (k, done) {
      GeomapPins.reveal(view.map, layers[d.strings[d.type[k]]], d, k, done);
    };
  });
})();
