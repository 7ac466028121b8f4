/* geomap's review map: layers, popups and legend drawn in the browser from embedded GeoJSON.
 * Every string from an article reaches the page through textContent or a DOM attribute set by
 * script, never through innerHTML, so a quote can show "<script>" but cannot run it. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function row(table, label, value) {
    if (value === undefined || value === null || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }

  function safeLink(url, text) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return el("span", null, text);
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function articleLine(articles, id) {
    var meta = articles[id] || {};
    var line = el("div", "geomap-source");
    line.appendChild(safeLink(meta.url, meta.title || id));
    var extra = [meta.source, meta.published].filter(Boolean).join(", ");
    if (extra) line.appendChild(el("span", null, " (" + extra + ")"));
    return line;
  }

  function incidentPopup(props, articles) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", props.event_type + " \u2013 " + props.sub_event_type));
    (props.quotes || []).forEach(function (q) {
      box.appendChild(el("blockquote", "geomap-quote", q.text));
      box.appendChild(articleLine(articles, q.article_id));
    });
    var table = el("table", "geomap-facts");
    var when = props.event_date ? props.event_date + " (" + props.time_precision + ")" : "unknown";
    if (props.date_expression) when += " \u2013 \u201c" + props.date_expression + "\u201d";
    row(table, "Event date", when);
    row(table, "Place", props.location_name + (props.qualifier ? " (" + props.qualifier + ")" : ""));
    row(table, "Precision", "geo_precision " + props.geo_precision + ", " + props.location_basis);
    row(table, "Placed by", props.resolver);
    row(table, "Actor 1", props.actor1);
    row(table, "Actor 2", props.actor2);
    row(table, "Fatalities", props.fatalities);
    row(table, "Wounded", props.wounded);
    row(table, "Sources", props.source_count);
    box.appendChild(table);
    return box;
  }

  function mentionPopup(props, articles) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-title", props.name + " (" + props.count + " mentions)"));
    (props.texts || []).forEach(function (t) { box.appendChild(el("div", null, "\u201c" + t + "\u201d")); });
    var table = el("table", "geomap-facts");
    row(table, "Placed by", props.resolver);
    row(table, "Feature", props.feature_code);
    box.appendChild(table);
    return box;
  }

  function tooltip(text) { return el("span", null, text); }

  function incidentMarker(feature, style) {
    var c = feature.geometry.coordinates, p = feature.properties;
    var latlng = L.latLng(c[1], c[0]);
    var exact = p.geo_precision === 1;
    var marker = L.circleMarker(latlng, {
      radius: exact ? 8 : 7, color: style.color, weight: exact ? 1 : 3,
      fillColor: style.color, fillOpacity: exact ? 0.9 : 0.0, className: "geomap-incident"
    });
    if (exact) return marker;
    var group = L.featureGroup([marker]);
    group.addLayer(L.circle(latlng, {radius: p.geo_precision === 2 ? 10000 : 60000,
      color: style.color, weight: 1, dashArray: "4 4", fillOpacity: 0.05, interactive: false}));
    return group;
  }

  function legend(map, types, styles, counts) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var box = el("div", "geomap-legend");
      box.appendChild(el("div", "geomap-title", "Incidents by event type"));
      types.forEach(function (t) {
        var line = el("div");
        var swatch = el("span", "geomap-swatch");
        swatch.style.background = styles[t].color;
        line.appendChild(swatch);
        line.appendChild(el("span", null, t + " (" + counts[t] + ")"));
        box.appendChild(line);
      });
      box.appendChild(el("div", "geomap-note", "Hollow pins with a dashed ring: placed at an area or country, not a site."));
      return box;
    };
    control.addTo(map);
  }

  window.geomapRender = function (map, data) {
    var overlays = {}, bounds = L.latLngBounds([]), articles = data.articles || {};
    window.geomapMap = map;
    var byType = {}, counts = {};
    data.incidents.features.forEach(function (f) {
      if (!f.geometry) return;
      var t = f.properties.event_type;
      (byType[t] = byType[t] || []).push(f);
      counts[t] = (counts[t] || 0) + 1;
    });
    var types = Object.keys(byType).sort();
    types.forEach(function (t) {
      var style = data.styles[t] || data.styles._default;
      var layer = L.featureGroup();
      byType[t].forEach(function (f) {
        var m = incidentMarker(f, style);
        m.bindPopup(function () { return incidentPopup(f.properties, articles); }, {maxWidth: 420});
        m.bindTooltip(tooltip((f.properties.location_name || "?") + " \u2013 " + t));
        layer.addLayer(m);
        bounds.extend(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]));
      });
      layer.addTo(map);
      overlays[t + " (" + counts[t] + ")"] = layer;
    });
    var mentions = L.featureGroup();
    data.places.forEach(function (p) {
      var m = L.circleMarker(L.latLng(p.lat, p.lon), {radius: 3 + 2 * Math.sqrt(p.count),
        color: "#555", weight: 1, fillColor: "#999", fillOpacity: 0.5, className: "geomap-mention"});
      m.bindPopup(function () { return mentionPopup(p, articles); });
      m.bindTooltip(tooltip(p.name + " \u2013 mentioned " + p.count + "\u00d7"));
      mentions.addLayer(m);
      if (!bounds.isValid()) bounds.extend(L.latLng(p.lat, p.lon));
    });
    overlays["Place mentions (not incident sites)"] = mentions;
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);
    legend(map, types, data.styles, counts);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), {maxZoom: 8, animate: false});
  };

  window.geomapBasemap = function (map, countries) {
    L.geoJSON(countries, {interactive: false, style: {color: "#8a8a8a", weight: 0.8,
      fillColor: "#f2efe9", fillOpacity: 1}}).addTo(map);
  };
})();
