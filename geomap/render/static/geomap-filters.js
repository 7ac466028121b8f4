/* Filters: the precision switch (hide incidents placed only at an area or country), the
 * event-date range sliders, and a line saying how many incidents are shown. A change sets the
 * view's state and calls view.apply(), which redraws every layer from one selection. The
 * controls start from view.state, so a state restored from the URL shows as set. */
(function () {
  "use strict";
  var el = Geomap.el, isoDay = Geomap.isoDay;

  function timeSlider(state, time, onChange) {
    var box = el("div", "geomap-time"), label = el("div", "geomap-time-label");
    label.id = "geomap-time-label";
    function slider(value, cls, name) {
      var s = el("input", cls);
      s.type = "range";
      s.min = time.lo;
      s.max = time.hi;
      s.step = 1;
      s.value = value;
      s.setAttribute("aria-label", name);
      s.setAttribute("aria-describedby", label.id);
      s.addEventListener("input", function () { update(false); });
      s.addEventListener("change", function () { update(true); });
      return s;
    }
    var from = slider(state.from, "geomap-time-from", "Event date from");
    var to = slider(state.to, "geomap-time-to", "Event date to");
    var undated = el("input", "geomap-time-undated");
    undated.type = "checkbox";
    undated.checked = state.undated;
    undated.addEventListener("change", function () { update(true); });
    function update(apply) {
      state.from = Math.min(+from.value, +to.value);
      state.to = Math.max(+from.value, +to.value);
      state.undated = undated.checked;
      label.textContent = "Event date " + isoDay(state.from) + " \u2192 " + isoDay(state.to);
      from.setAttribute("aria-valuetext", isoDay(+from.value));
      to.setAttribute("aria-valuetext", isoDay(+to.value));
      if (apply) onChange();
    }
    update(false);
    var keep = el("label");
    keep.appendChild(undated);
    keep.appendChild(el("span", null, " undated incidents"));
    [label, from, to, keep].forEach(function (n) { box.appendChild(n); });
    return box;
  }

  Geomap.register("filters", function (view, options) {
    var state = view.state, time = view.time, status;
    Geomap.panel(view.map, options.position, options.title, "geomap-filter", function () {
      var box = el("div", "geomap-filter-body");
      var exact = el("label", "geomap-switch"), check = el("input");
      check.type = "checkbox";
      check.checked = state.imprecise;
      check.className = "geomap-precision-switch";
      check.addEventListener("change", function () { state.imprecise = check.checked; view.apply(); });
      exact.appendChild(check);
      exact.appendChild(el("span", null, " " + options.switchLabel));
      box.appendChild(exact);
      if (time.hi > time.lo) box.appendChild(timeSlider(state, time, view.apply));
      else if (time.hi === time.lo) box.appendChild(el("div", "geomap-time-label", "Event date " + isoDay(time.lo)));
      status = box.appendChild(el("div", "geomap-status"));
      status.setAttribute("role", "status");
      return box;
    });
    view.onFilter(function (selection) {
      status.textContent = "Showing " + selection.all.length + " of " + view.n + " incidents";
    });
  });
})();
