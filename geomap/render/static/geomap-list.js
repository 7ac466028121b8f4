/* List panel: the incidents the filters show inside the map's view, newest first (undated
 * last), one button each. Hovering or focusing an item rings its pin; Enter or a click
 * selects it (zooms to it and opens its popup); a pin hovered or opened on the map marks its
 * item. Only the first options.limit items are drawn, the rest are counted. */
(function () {
  "use strict";
  var el = Geomap.el;

  /* Incident indexes by event date, newest first, undated last; computed once. */
  function byDate(view) {
    var days = view.time.days, order = [];
    for (var i = 0; i < view.n; i++) order.push(i);
    return order.sort(function (a, b) {
      var x = days[a] === days[a] ? days[a] : -Infinity, y = days[b] === days[b] ? days[b] : -Infinity;
      return y - x || a - b;
    });
  }

  function itemText(d, i) {
    var S = d.strings, fat = d.fat[i];
    return [S[d.date[i]] || "undated", S[d.place[i]] || "?", S[d.sub[i]] || S[d.type[i]]]
      .join(" \u00b7 ") + (fat ? " \u00b7 " + fat + " killed" : "");
  }

  Geomap.register("list", function (view, options) {
    var d = view.d, map = view.map, order = byDate(view), member = new Uint8Array(view.n);
    var items = Object.create(null), list, heading, more;
    if (!d.details) return;
    Geomap.panel(map, options.position, options.title, "geomap-list-panel", function () {
      var box = el("div", "geomap-list-body");
      heading = box.appendChild(el("div", "geomap-list-status"));
      heading.setAttribute("role", "status");
      list = box.appendChild(el("ol", "geomap-items"));
      list.setAttribute("aria-label", options.title);
      more = box.appendChild(el("div", "geomap-note"));
      return box;
    });

    /* An item's <li>, made once and kept: a redraw that keeps an item keeps its node, so
     * focus stays on it and a click's target stays inside the panel. */
    function item(i) {
      if (items[i]) return items[i].parentNode;
      var li = el("li"), button = li.appendChild(el("button", "geomap-item", itemText(d, i)));
      button.type = "button";
      button.dataset.incident = d.id && d.id[i] ? d.id[i] : String(i);
      button.style.borderLeftColor = view.styles[d.strings[d.type[i]]].color;
      button.addEventListener("click", function () { view.select(i, {open: true, zoom: true, from: "list"}); });
      ["mouseenter", "focus"].forEach(function (e) {
        button.addEventListener(e, function () { view.hover(i, true, "list"); });
      });
      ["mouseleave", "blur"].forEach(function (e) {
        button.addEventListener(e, function () { view.hover(i, false, "list"); });
      });
      items[i] = button;
      return li;
    }

    function redraw() {
      var bounds = map.getBounds(), nodes = [], total = 0, focused = document.activeElement;
      for (var k = 0; k < order.length; k++) {
        var i = order[k];
        if (!member[i] || !bounds.contains([d.lat[i], d.lon[i]])) continue;
        total += 1;
        if (nodes.length < options.limit) nodes.push(item(i));
      }
      var same = nodes.length === list.children.length && nodes.every(function (node, n) {
        return list.children[n] === node;
      });
      if (!same) {
        var hadFocus = list.contains(focused);
        list.replaceChildren.apply(list, nodes);
        if (hadFocus && document.activeElement !== focused) {
          var back = nodes.indexOf(focused.parentNode) >= 0 ? focused : list.querySelector("button");
          if (back) back.focus();
        }
      }
      heading.textContent = total + " incident" + (total === 1 ? "" : "s") + " in view";
      more.textContent = total > nodes.length ? "The first " + nodes.length +
        "; zoom in or filter for the rest." : "";
    }

    view.onFilter(function (selection) {
      member.fill(0);
      selection.all.forEach(function (i) { member[i] = 1; });
      redraw();
    });
    map.on("moveend", redraw);
    view.onSelect(function (i) {
      list.querySelectorAll("[aria-current]").forEach(function (b) { b.removeAttribute("aria-current"); });
      if (items[i]) {
        items[i].setAttribute("aria-current", "true");
        if (items[i].scrollIntoView) items[i].scrollIntoView({block: "nearest"});
      }
    });
    view.onHover(function (i, on, from) {
      if (from === "map" && items[i]) items[i].classList.toggle("geomap-hover", on);
    });
  });
})();
