/* geomap's incident pins, the engine of the incidents layer (geomap-incidents.js): one layer
 * per event type, clustered with supercluster above the size budget. A layer holds incident
 * indexes, not markers: markers exist only for what the view shows, so 100,000 incidents open
 * in seconds. Filters call setMembers(); every move redraws the view and keeps markers that
 * stay visible (an open popup survives a pan). Text reaches the page through textContent only. */
(function () {
  "use strict";
  var MAX_CLUSTER_ZOOM = 17, LIST_LIMIT = 50;
  /* Pan so a popup clears the panels at the top (less on a phone, where they are folded). */
  function popupOptions(map) {
    var size = map.getSize(), small = size.x < 600;
    return {maxWidth: Math.min(440, size.x - 100),
      autoPanPaddingTopLeft: small ? L.point(10, 90) : L.point(280, 230),
      autoPanPaddingBottomRight: small ? L.point(10, 10) : L.point(20, 20)};
  }

  var el = Geomap.el;  /* text only through textContent (geomap.js) */

  /* Enter or Space on a focused pin or cluster does what a click does (Leaflet handles
   * neither for a popup bound on first click). */
  function pressable(m) {
    m.on("add", function () {
      var icon = m.getElement();
      if (!icon || icon.geomapKeys) return;
      icon.geomapKeys = true;
      icon.setAttribute("aria-label", m.geomapLabel);
      icon.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        e.stopPropagation();
        var map = m._map;
        m.fire("click", {latlng: m.getLatLng(), originalEvent: e, keyboard: true}, true);
        var content = map && map.getContainer().querySelector(".leaflet-popup-content");
        if (content) {  // into the popup it opened; Escape comes back here (geomap.js)
          content.tabIndex = -1;
          content.geomapReturn = icon;
          content.focus({preventScroll: true});
        }
      });
    });
    return m;
  }

  /* A pin: the type's symbol (a letter) on its colour, so the type never rests on colour
   * alone; focusable, named for screen readers. Area- or country-level incidents are hatched
   * with a dashed rim. */
  function incidentMarker(d, i, style) {
    var exact = d.prec[i] === 1, S = d.strings, box = el("div", null, style.icon);
    box.style.background = style.color;
    box.style.color = Geomap.textOn(style.color);
    var m = L.marker([d.lat[i], d.lon[i]], {keyboard: true, riseOnHover: true,
      icon: L.divIcon({html: box, iconSize: exact ? [18, 18] : [16, 16],
                       className: exact ? "geomap-pin geomap-incident" :
                         "geomap-pin geomap-incident geomap-imprecise"})});
    m.geomapIndex = i;
    m.geomapLabel = (S[d.sub[i]] || S[d.type[i]]) + " (" + S[d.type[i]] + ") in " +
      (S[d.place[i]] || "an unnamed place") + ", " + (S[d.date[i]] || "undated") +
      (exact ? "" : ", placed at an area, not a site");
    return pressable(m);
  }

  function clusterMarker(f, style, type) {
    var n = f.properties.point_count, size = n < 100 ? 30 : n < 1000 ? 36 : 44;
    var box = el("div", null, f.properties.point_count_abbreviated);
    box.style.background = style.color;
    box.style.color = Geomap.textOn(style.color);
    var m = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {keyboard: true,
      icon: L.divIcon({html: box, className: "geomap-cluster", iconSize: [size, size]})});
    m.geomapCluster = f.properties.cluster_id;
    m.geomapCount = n;
    m.geomapLabel = n + " " + type + " incidents here: open to zoom in or list them";
    return pressable(m);
  }

  function viewBox(map) {
    var b = map.getBounds().pad(0.2);
    return [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()),
            Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
  }

  /* The clusters and pins the current view needs, keyed so unchanged ones are kept. */
  function wanted(map, members, index) {
    var keys = {};
    if (!index) {
      members.forEach(function (i) { keys["p" + i] = i; });
      return keys;
    }
    index.getClusters(viewBox(map), Math.round(map.getZoom())).forEach(function (f) {
      if (f.properties.cluster) keys["c" + f.properties.cluster_id] = f;
      else keys["p" + f.properties.i] = f.properties.i;
    });
    return keys;
  }

  function listPopup(d, leaves, total, popupFor) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", total + " incidents at this place" +
                       (total > leaves.length ? " (the first " + leaves.length + "):" : ":")));
    var list = box.appendChild(el("ol", "geomap-list"));
    leaves.forEach(function (f) {
      var i = f.properties.i, item = list.appendChild(el("li")), link = el("a", null,
        (d.strings[d.date[i]] || "undated") + " \u2013 " + d.strings[d.sub[i]]);
      link.href = "#";
      link.addEventListener("click", function (e) {
        e.preventDefault();
        box.replaceChildren(popupFor(i));
      });
      item.appendChild(link);
    });
    return box;
  }

  function wire(map, layer, d, popupFor) {
    var ring = L.circle([0, 0], {radius: 1, dashArray: "4 4", weight: 1, fillOpacity: 0.05,
                                 interactive: false});
    layer.on("click", function (e) {
      var m = e.layer;
      if (m.geomapCluster !== undefined) return clusterClick(map, layer, d, m, popupFor);
      if (m.geomapIndex === undefined || m.getPopup()) return;
      m.bindPopup(function () { return popupFor(m.geomapIndex); }, popupOptions(map));
      m.openPopup();
    });
    layer.on("mouseover", function (e) {
      var m = e.layer, i = m.geomapIndex;
      if (i === undefined || m.getTooltip()) return;
      m.bindTooltip(el("span", null, (d.strings[d.place[i]] || "?") + " \u2013 " +
                       d.strings[d.type[i]])).openTooltip();
    });
    layer.on("popupopen", function (e) {
      var i = e.layer && e.layer.geomapIndex;
      if (i === undefined || d.prec[i] === 1) return;
      ring.setLatLng([d.lat[i], d.lon[i]]).setRadius(d.prec[i] === 2 ? 10000 : 60000).addTo(map);
    });
    layer.on("popupclose", function () { ring.remove(); });
  }

  function clusterClick(map, layer, d, marker, popupFor) {
    var index = layer.index(), id = marker.geomapCluster;
    var zoom = index.getClusterExpansionZoom(id);
    if (zoom <= MAX_CLUSTER_ZOOM) return map.setView(marker.getLatLng(), zoom);
    var leaves = index.getLeaves(id, LIST_LIMIT);  // all at one spot: list them instead
    L.popup(popupOptions(map)).setLatLng(marker.getLatLng())
      .setContent(listPopup(d, leaves, marker.geomapCount, popupFor)).openOn(map);
  }

  /* One event type's layer: members are incident indexes; clustered or plain pins. */
  function pinLayer(map, d, style, options) {
    var layer = L.featureGroup(), shown = {}, members = [], index = null;
    layer.setMembers = function (list) {
      members = list;
      if (options.clustered) {
        index = new Supercluster({radius: 60, maxZoom: MAX_CLUSTER_ZOOM});
        index.load(list.map(function (i) { return {type: "Feature", properties: {i: i},
          geometry: {type: "Point", coordinates: [d.lon[i], d.lat[i]]}}; }));
      }
      layer.redraw(true);
    };
    layer.redraw = function (reset) {
      if (reset) { layer.clearLayers(); shown = {}; }
      if (!map.hasLayer(layer)) return;
      var keys = wanted(map, members, index), k;
      for (k in shown) if (!(k in keys)) { layer.removeLayer(shown[k]); delete shown[k]; }
      for (k in keys) if (!(k in shown)) {
        shown[k] = k[0] === "p" ? incidentMarker(d, keys[k], style)
          : clusterMarker(keys[k], style, options.type);
        layer.addLayer(shown[k]);
      }
    };
    layer.members = function () { return members; };
    layer.index = function () { return index; };
    layer.markerOf = function (i) { return shown["p" + i]; };
    layer.on("add", function (e) { if (!e.propagatedFrom) layer.redraw(false); });
    map.on("moveend", function () { layer.redraw(false); });
    wire(map, layer, d, options.popupFor);
    return layer;
  }

  /* Zoom until incident i is a pin of its own, then hand that pin to done (tests, benchmark). */
  function reveal(map, layer, d, i, done) {
    if (layer.index()) map.setView([d.lat[i], d.lon[i]], MAX_CLUSTER_ZOOM + 1, {animate: false});
    layer.redraw(false);
    done(layer.markerOf(i));
  }

  /* Open incident i's popup: on its pin when one is drawn, else on its own at its place. */
  function open(map, layer, d, i, popupFor) {
    var marker = layer && layer.markerOf(i);
    if (!marker) {
      return L.popup(popupOptions(map)).setLatLng([d.lat[i], d.lon[i]])
        .setContent(popupFor(i)).openOn(map);
    }
    if (!marker.getPopup()) marker.bindPopup(function () { return popupFor(i); }, popupOptions(map));
    marker.openPopup();
  }

  window.GeomapPins = {layer: pinLayer, reveal: reveal, open: open, pressable: pressable,
                       viewBox: viewBox};
})();
