/* Review: the reviewer's verdict on the selected incident (right or wrong), and fixes to its
 * place, event type, date or fatalities, with a note. Judgements are kept in this browser
 * (localStorage, keyed by incident_id, so they survive a rebuilt map) and exported as the
 * corrections file that `geomap run --corrections FILE` applies. Values reach the page only as
 * input values and textContent. */
(function () {
  "use strict";
  var el = Geomap.el, KEY = "geomap.corrections", FORMAT = 1;

  function load() {
    try {
      var all = JSON.parse(localStorage.getItem(KEY) || "{}");
      return all && typeof all === "object" && !Array.isArray(all) ? all : {};
    } catch (e) { return {}; }
  }

  function store(all) {
    try { localStorage.setItem(KEY, JSON.stringify(all)); return true; } catch (e) { return false; }
  }

  /* What the map says about incident i, in the corrections file's field names. */
  function original(d, i) {
    return {event_type: d.strings[d.type[i]], event_date: d.strings[d.date[i]],
            fatalities: d.fat[i] === undefined ? null : d.fat[i], lat: d.lat[i], lon: d.lon[i]};
  }

  function input(type, id, label) {
    var node = el(type === "select" || type === "textarea" ? type : "input", "geomap-review-" + id);
    if (node.tagName === "INPUT") node.type = type;
    return {node: node, row: Geomap.labelled(label, node, "geomap-review-" + id)};
  }

  function verdicts(form) {
    var box = el("fieldset", "geomap-verdict");
    box.appendChild(el("legend", null, "Verdict"));
    form.verdict = {};
    [["", "not judged"], ["right", "right"], ["wrong", "wrong"]].forEach(function (v) {
      var label = el("label"), radio = el("input");
      radio.type = "radio";
      radio.name = "geomap-verdict";
      radio.value = v[0];
      form.verdict[v[0]] = radio;
      label.appendChild(radio);
      label.appendChild(el("span", null, " " + v[1] + " "));
      box.appendChild(label);
    });
    return box;
  }

  function buildForm(view, form) {
    var box = el("div", "geomap-review-body");
    form.title = box.appendChild(el("div", "geomap-review-title"));
    form.fields = box.appendChild(el("div", "geomap-review-fields"));
    form.fields.appendChild(verdicts(form));
    var type = input("select", "type", "Correct type");
    Object.keys(view.styles).filter(function (t) { return t !== "_default"; }).sort()
      .forEach(function (t) { type.node.appendChild(el("option", null, t)).value = t; });
    var date = input("date", "date", "Correct date");
    var fat = input("number", "fat", "Correct fatalities");
    var lat = input("number", "lat", "Latitude"), lon = input("number", "lon", "Longitude");
    var note = input("textarea", "note", "Note");
    fat.node.min = 0;
    lat.node.step = lon.node.step = "0.00001";
    [type, date, fat, lat, lon, note].forEach(function (f) { form.fields.appendChild(f.row); });
    Object.assign(form, {type: type.node, date: date.node, fat: fat.node, lat: lat.node,
                         lon: lon.node, note: note.node});
    var buttons = form.fields.appendChild(el("div", "geomap-review-buttons"));
    form.pick = button(buttons, "Pick place on map");
    form.save = button(buttons, "Save");
    form.remove = button(buttons, "Forget");
    form.status = box.appendChild(el("div", "geomap-review-status"));
    form.status.setAttribute("role", "status");
    form.count = box.appendChild(el("div", "geomap-note"));
    form.export = button(box, "Export corrections");
    return box;
  }

  function button(parent, text) {
    var b = parent.appendChild(el("button", "geomap-review-button", text));
    b.type = "button";
    return b;
  }

  /* The correction the form describes: verdict, note and only the fields that differ. */
  function correction(form, was) {
    /* A date the date field cannot show ("2024-02") or a type the list lacks stays as it was. */
    var day = /^\d{4}-\d{2}-\d{2}$/.test(was.event_date || "");
    var changes = {}, now = {event_type: form.type.value || was.event_type,
      event_date: form.date.value || (day ? null : was.event_date),
      fatalities: form.fat.value === "" ? null : Math.max(0, Math.round(+form.fat.value)),
      lat: form.lat.value === "" ? was.lat : +(+form.lat.value).toFixed(5),
      lon: form.lon.value === "" ? was.lon : +(+form.lon.value).toFixed(5)};
    Object.keys(now).forEach(function (k) { if (now[k] !== was[k]) changes[k] = now[k]; });
    var verdict = Object.keys(form.verdict).filter(function (v) { return form.verdict[v].checked; })[0];
    var out = {changes: changes, original: was};
    if (verdict) out.verdict = verdict;
    if (form.note.value.trim()) out.note = form.note.value.trim();
    return out;
  }

  function show(form, was, saved) {
    var now = Object.assign({}, was, saved ? saved.changes : {});
    form.type.value = now.event_type || "";
    form.date.value = now.event_date || "";
    form.fat.value = now.fatalities === null || now.fatalities === undefined ? "" : now.fatalities;
    form.lat.value = now.lat;
    form.lon.value = now.lon;
    form.note.value = saved && saved.note ? saved.note : "";
    form.verdict[saved && saved.verdict ? saved.verdict : ""].checked = true;
  }

  Geomap.register("review", function (view, options) {
    var d = view.d, map = view.map, form = {}, all = load(), current = -1, picking = false;
    if (!d.details || !d.id) return;
    var moved = L.circleMarker([0, 0], {radius: 9, color: "#000", weight: 2, dashArray: "2 3",
      fillOpacity: 0, interactive: false, className: "geomap-moved"});
    Geomap.panel(map, options.position, options.title, "geomap-review", function () {
      return buildForm(view, form);
    }, true);
    function counted() {
      var n = Object.keys(all).length;
      form.count.textContent = n + " correction" + (n === 1 ? "" : "s") + " in this browser";
      form.export.disabled = n === 0;
    }
    function select(i) {
      current = i;
      form.fields.hidden = i < 0 || !d.id[i];
      form.status.textContent = "";
      moved.remove();
      if (form.fields.hidden) {
        form.title.textContent = options.hint;
        return;
      }
      var id = d.id[i], saved = all[id];
      form.title.textContent = id + " \u2013 " + (d.strings[d.place[i]] || "?") + ", " +
        (d.strings[d.date[i]] || "undated");
      show(form, original(d, i), saved);
      if (saved && ("lat" in saved.changes || "lon" in saved.changes)) {
        moved.setLatLng([+form.lat.value, +form.lon.value]).addTo(map);
      }
    }
    form.save.addEventListener("click", function () {
      var id = d.id[current], c = correction(form, original(d, current));
      all[id] = c;
      var saved = store(all);
      counted();
      select(current);
      form.status.textContent = saved ? "Saved." : "Could not save in this browser.";
    });
    form.remove.addEventListener("click", function () {
      delete all[d.id[current]];
      store(all);
      counted();
      select(current);
      form.status.textContent = "Forgotten.";
    });
    form.pick.addEventListener("click", function () {
      picking = true;
      map.getContainer().style.cursor = "crosshair";
      form.status.textContent = "Click the map where the incident happened.";
    });
    map.on("click", function (e) {
      if (!picking) return;
      picking = false;
      map.getContainer().style.cursor = "";
      form.lat.value = e.latlng.lat.toFixed(5);
      form.lon.value = e.latlng.lng.toFixed(5);
      moved.setLatLng(e.latlng).addTo(map);
      form.status.textContent = "New place set; Save to keep it.";
    });
    form.export.addEventListener("click", function () {
      var sorted = {};
      Object.keys(all).sort().forEach(function (k) { sorted[k] = all[k]; });
      Geomap.download(options.name, "application/json", JSON.stringify(
        {geomap_corrections: FORMAT, corrections: sorted}, null, 1) + "\n");
    });
    view.onSelect(function (i) { select(i); });
    counted();
    select(-1);
    view.corrections = function () { return all; };
  });
})();
