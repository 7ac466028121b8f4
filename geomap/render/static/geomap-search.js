/* Search and facet filters: a search box (place, actor, type, country, words of the quotes),
 * one list of choices per facet (event type, sub-type, actor, country, precision) whose counts
 * follow the other filters, and a fatalities range. A change sets view.state and calls
 * view.apply(); restored state (the URL) is shown as set. */
(function () {
  "use strict";
  var el = Geomap.el, labelled = Geomap.labelled;
  var PRECISION = {1: "1 \u2013 town", 2: "2 \u2013 near a town", 3: "3 \u2013 region/country"};

  /* The values a facet can take (string indexes, or precision numbers), sorted by name. */
  function choices(view, cols, name) {
    var d = view.d, seen = Object.create(null), out = [];
    cols.forEach(function (c) {
      (d[c] || []).forEach(function (k) {
        if (k !== null && k !== 0 && !seen[k]) { seen[k] = true; out.push(k); }
      });
    });
    return out.map(function (k) { return {key: k, label: name(k)}; })
      .sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; });
  }

  function facetSelect(view, spec, onChange) {
    var select = el("select", "geomap-facet geomap-facet-" + spec.name);
    select.name = spec.name;
    var list = choices(view, spec.cols, spec.label);
    select.update = function (counts) {
      var current = view.state[spec.name], total = 0;
      select.replaceChildren();
      list.forEach(function (c) { total += counts[c.key] || 0; });
      select.appendChild(el("option", null, "all"));
      select.firstChild.value = "";
      list.forEach(function (c) {
        var option = el("option", null, c.label + " (" + (counts[c.key] || 0) + ")");
        option.value = spec.value(c.key);
        select.appendChild(option);
      });
      select.value = current;
    };
    select.addEventListener("change", function () { onChange(spec.name, select.value); });
    return select;
  }

  function numberInput(value, name) {
    var input = el("input", "geomap-fat-" + name);
    input.type = "number";
    input.min = 0;
    input.step = 1;
    input.inputMode = "numeric";
    if (value !== null) input.value = value;
    return input;
  }

  Geomap.register("search", function (view, options) {
    var d = view.d, S = d.strings, state = view.state, selects = [];
    if (!d.details) return;
    var text = function (k) { return S[k]; };
    var specs = [
      {name: "type", title: "Event type", cols: ["type"], label: text, value: text},
      {name: "sub", title: "Sub-type", cols: ["sub"], label: text, value: text},
      {name: "actor", title: "Actor", cols: ["a1", "a2"], label: text, value: text},
      {name: "cc", title: "Country", cols: ["cc"],
       label: function (k) { return view.countryName(S[k]) + " (" + S[k] + ")"; }, value: text},
      {name: "prec", title: "Precision", cols: ["prec"],
       label: function (k) { return PRECISION[k] || String(k); }, value: String}];
    function set(name, value) { state[name] = value; view.apply(); }
    Geomap.panel(view.map, options.position, options.title, "geomap-search", function () {
      var box = el("div", "geomap-search-body");
      var search = el("input", "geomap-search-box");
      search.type = "search";
      search.value = state.q;
      search.placeholder = options.placeholder;
      search.addEventListener("input", function () { set("q", search.value.trim()); });
      box.appendChild(labelled("Search", search, "geomap-search-box"));
      specs.forEach(function (spec) {
        var select = facetSelect(view, spec, set);
        selects.push(select);
        box.appendChild(labelled(spec.title, select, "geomap-facet-" + spec.name));
      });
      var range = el("div", "geomap-fat"), lo = numberInput(state.fatMin, "min");
      var hi = numberInput(state.fatMax, "max");
      function fat() {
        state.fatMin = lo.value === "" ? null : Math.max(0, +lo.value);
        state.fatMax = hi.value === "" ? null : Math.max(0, +hi.value);
        view.apply();
      }
      lo.addEventListener("input", fat);
      hi.addEventListener("input", fat);
      range.appendChild(labelled("Fatalities from", lo, "geomap-fat-min"));
      range.appendChild(labelled("to", hi, "geomap-fat-max"));
      box.appendChild(range);
      var reset = el("button", "geomap-reset", "Clear filters");
      reset.type = "button";
      reset.addEventListener("click", function () {
        search.value = lo.value = hi.value = "";
        specs.forEach(function (spec) { state[spec.name] = ""; });
        Object.assign(state, {q: "", fatMin: null, fatMax: null});
        view.apply();
      });
      box.appendChild(reset);
      return box;
    });
    view.onFilter(function (selection) {
      selects.forEach(function (select) { select.update(selection.facets[select.name]); });
    });
  });
})();
