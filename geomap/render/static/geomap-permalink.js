/* Permalink: the view, the filters and the selected incident live in the URL's #hash, so a
 * link (or a reload) shows what the reviewer saw. Read when the layer is added, before the
 * controls that show the state are built; written (replaceState, no history entry) on every
 * move, filter change and selection. Names, not indexes, so a link survives a rebuilt map. */
(function () {
  "use strict";
  var DAY = 864e5, TEXT = ["q", "type", "sub", "actor", "cc", "prec"];

  function day(iso) {
    var t = Date.parse(iso);
    return t === t ? Math.floor(t / DAY) : NaN;
  }

  function restore(view, params) {
    var s = view.state, time = view.time, map = view.map;
    TEXT.forEach(function (name) { if (params.has(name)) s[name] = params.get(name); });
    var fat = (params.get("fat") || "").split("-");
    if (fat.length === 2) {
      s.fatMin = fat[0] === "" || isNaN(+fat[0]) ? null : +fat[0];
      s.fatMax = fat[1] === "" || isNaN(+fat[1]) ? null : +fat[1];
    }
    var from = day(params.get("from")), to = day(params.get("to"));
    if (from === from) s.from = Math.min(Math.max(from, time.lo), time.hi);
    if (to === to) s.to = Math.max(Math.min(to, time.hi), time.lo);
    if (params.get("undated") === "0") s.undated = false;
    if (params.get("exact") === "1") s.imprecise = false;
    var at = (params.get("map") || "").split("/").map(Number);
    if (at.length === 3 && at.every(isFinite)) map.setView([at[1], at[2]], at[0], {animate: false});
  }

  function write(view) {
    var s = view.state, time = view.time, map = view.map, p = new URLSearchParams();
    var c = map.getCenter(), z = map.getZoom();
    p.set("map", [z, c.lat.toFixed(5), c.lng.toFixed(5)].join("/"));
    TEXT.forEach(function (name) { if (s[name] !== "") p.set(name, s[name]); });
    if (s.fatMin !== null || s.fatMax !== null) {
      p.set("fat", (s.fatMin === null ? "" : s.fatMin) + "-" + (s.fatMax === null ? "" : s.fatMax));
    }
    if (s.from > time.lo) p.set("from", Geomap.isoDay(s.from));
    if (s.to < time.hi) p.set("to", Geomap.isoDay(s.to));
    if (!s.undated) p.set("undated", "0");
    if (!s.imprecise) p.set("exact", "1");
    if (view.selected >= 0 && view.d.id && view.d.id[view.selected]) {
      p.set("sel", view.d.id[view.selected]);
    }
    var hash = "#" + p.toString().replace(/%2F/g, "/");  // "/" needs no escape in a hash
    if (hash !== location.hash) history.replaceState(null, "", hash);
  }

  Geomap.register("permalink", function (view) {
    var params = new URLSearchParams(location.hash.replace(/^#/, "")), live = false;
    restore(view, params);
    function update() { if (live) write(view); }
    view.onFilter(update);
    view.onSelect(update);
    view.map.on("moveend", update);
    view.onReady(function () {
      var i = params.has("sel") ? view.indexOf(params.get("sel")) : -1;
      if (i >= 0) view.select(i, {open: true, from: "link"});
      live = true;
      update();
    });
  });
})();
