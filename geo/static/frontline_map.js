/* Frontline map: in-page date slider over a whole timeline (geo/webmap.py).
 *
 * The page holds every date's polygon (polyline-encoded) and settlement
 * status; changing the date swaps the held polygon's rings and restyles the
 * settlement markers in place. Nothing is re-created, the view is kept.
 *
 * Every string from the data (article text) is inserted with textContent,
 * never as HTML.
 *
 * Public: window.frontlineMap = {setDate(iso), getDate(), onDateChange(cb),
 * dates, map, step(n), play(), pause()}.
 */
(function (global) {
  'use strict';

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];
  var STATUS = {
    h: {key: 'held', label: 'held'},
    l: {key: 'lost', label: 'lost'},
    c: {key: 'contested', label: 'contested'},
    u: {key: 'unknown', label: 'no report yet'}
  };
  var BASIS = {
    reported: 'reported figure for this date',
    interpolated: 'interpolated between reported figures',
    carried: 'carried from the nearest reported figure'
  };

  function decodePolyline(str, precision) {
    var factor = Math.pow(10, precision || 5);
    var out = [], index = 0, lat = 0, lng = 0;
    while (index < str.length) {
      var d = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, result = 0, b;
        do {
          b = str.charCodeAt(index++) - 63;
          result |= (b & 0x1f) << shift;
          shift += 5;
        } while (b >= 0x20);
        d[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
      }
      lat += d[0];
      lng += d[1];
      out.push([lat / factor, lng / factor]);
    }
    return out;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmtDate(iso) {
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
  }

  function fmtShort(iso) {
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1].slice(0, 3) + ' ' + p[0];
  }

  function fmtNum(x) {
    var r = x >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
    var parts = String(r).split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return parts.join('.');
  }

  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  function init(map, data, opts, layers) {
    var C = opts.colors;
    var n = data.dates.length;
    var reportIdx = [];
    for (var i = 0; i < n; i++) if (data.report[i]) reportIdx.push(i);
    var hasModes = reportIdx.length > 0 && reportIdx.length < n;
    var mode = hasModes ? 'reports' : 'all';
    var cur = -1;
    var callbacks = [];
    var decoded = {};
    var container = map.getContainer();
    container.classList.add('fm-root');
    container.style.background = C.background;
    if (opts.embed) container.classList.add('fm-embed');

    // ---- labels: place names, region names, towns; placed greedily so none overlap ----
    var labelLayer = L.layerGroup();   // region names and towns (offline basemap only)
    var placeNames = L.layerGroup();   // names of the settlements in the reports
    var labelItems = [];               // in priority order
    var measureCtx = document.createElement('canvas').getContext('2d');
    var fontFamily = '"Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';

    function textWidth(text, font, spacing) {
      measureCtx.font = font + ' ' + fontFamily;
      return measureCtx.measureText(text).width + spacing * text.length;
    }

    function addLabel(kind, group, latlng, node, cls, w, h, dx, dy, extra) {
      var m = L.marker(latlng, {
        icon: L.divIcon({className: cls, html: node, iconSize: null}),
        interactive: false, keyboard: false
      });
      var item = {kind: kind, group: group, marker: m, node: node, w: w, h: h, dx: dx, dy: dy};
      for (var k in extra) item[k] = extra[k];
      labelItems.push(item);
    }

    data.places.map(function (p, k) { return k; })
      .sort(function (a, b) { return data.places[b].claims.length - data.places[a].claims.length || a - b; })
      .forEach(function (k) {
        var p = data.places[k];
        addLabel('place', placeNames, [p.lat, p.lon], el('span', 'fm-place-name', p.res),
          'fm-place-label', textWidth(p.res, '600 12px', 0) + 4, 16, 9, -8, {});
      });
    if (!opts.tiles) {
      data.basemap.regions.forEach(function (r) {
        var w = textWidth(r.name.toUpperCase(), '600 12px', 1.7) + 6;
        addLabel('region', labelLayer, [r.lat, r.lon],
          el('span', 'fm-region-name' + (r.t ? ' fm-theater' : ''), r.name),
          'fm-region-label', w, 16, -w / 2, -8, {});
      });
      data.basemap.labels.forEach(function (t) {
        var wrap = el('span', 'fm-town');
        wrap.appendChild(el('i', 'fm-town-dot'));
        wrap.appendChild(el('span', 'fm-town-name', t[0]));
        addLabel('town', labelLayer, [t[1], t[2]], wrap, 'fm-town-label',
          textWidth(t[0], '11px', 0) + 10, 14, -3, -7, {pop: t[3]});
      });
      labelLayer.addTo(map);
    }

    function minPopulation(z) {
      var zp = data.basemap.zoomPop;
      for (var k = 0; k < zp.length; k++) if (z <= zp[k][0]) return zp[k][1];
      return 0;
    }

    function updateLabels() {
      var z = map.getZoom(), minPop = minPopulation(z);
      var boxes = [];
      data.places.forEach(function (p) {   // the markers themselves are obstacles
        var q = map.latLngToLayerPoint([p.lat, p.lon]);
        boxes.push([q.x - 7, q.y - 7, q.x + 7, q.y + 7]);
      });
      function free(b) {
        for (var k = 0; k < boxes.length; k++) {
          var o = boxes[k];
          if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
        }
        return true;
      }
      labelItems.forEach(function (it) {
        var show = it.kind === 'place' || (it.kind === 'region' ? z <= 9.5 : it.pop >= minPop);
        if (show) {
          var q = map.latLngToLayerPoint(it.marker.getLatLng());
          var b = [q.x + it.dx, q.y + it.dy, q.x + it.dx + it.w, q.y + it.dy + it.h];
          show = free(b);
          if (!show && it.kind === 'place') {
            // try the left of the marker
            b = [q.x - it.dx - it.w, b[1], q.x - it.dx, b[3]];
            show = free(b);
            if (show) it.left = true;
          } else if (it.kind === 'place') {
            it.left = false;
          }
          if (it.kind === 'place') it.node.classList.toggle('fm-left', !!it.left);
          if (show) boxes.push(b);
        }
        var has = it.group.hasLayer(it.marker);
        if (show && !has) it.group.addLayer(it.marker);
        else if (!show && has) it.group.removeLayer(it.marker);
      });
    }
    map.on('zoomend', updateLabels);

    // ---- panes: basemap (overlayPane, 400) < held area < places < labels ----
    map.createPane('fmHeld').style.zIndex = 410;
    map.createPane('fmPlaces').style.zIndex = 420;

    // ---- the held polygon: one layer, its rings swapped per date ----
    var held = L.polygon([], {pane: 'fmHeld',
      color: C.held_edge, weight: 2, opacity: 1,
      fillColor: C.held_fill, fillOpacity: 0.38, className: 'fm-held'
    });
    held.bindTooltip('Estimate derived from reported figures', {sticky: true, className: 'fm-tip'});
    held.bindPopup(function () { return heldPopup(); }, {maxWidth: 360, className: 'fm-popup'});
    var heldShown = false;

    function geometry(g) {
      if (!decoded[g]) {
        decoded[g] = data.geoms[g].map(function (poly) {
          return poly.map(function (ring) { return decodePolyline(ring, opts.precision); });
        });
      }
      return decoded[g];
    }

    // ---- settlements: one GeoJSON layer of circle markers ----
    var placeLayers = [];
    var placeFC = {
      type: 'FeatureCollection',
      features: data.places.map(function (p, k) {
        return {type: 'Feature', properties: {i: k},
          geometry: {type: 'Point', coordinates: [p.lon, p.lat]}};
      })
    };
    var settlements = L.geoJSON(placeFC, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {pane: 'fmPlaces', radius: 6, weight: 2, color: '#ffffff',
          fillOpacity: 1, className: 'fm-place'});
      },
      onEachFeature: function (f, layer) {
        var k = f.properties.i;
        layer._fmIndex = k;
        layer._fmStatus = null;
        placeLayers[k] = layer;
        layer.bindPopup(function () { return placePopup(k); },
          {maxWidth: 380, className: 'fm-popup'});
        layer.bindTooltip(function () { return placeTooltip(k); },
          {direction: 'top', offset: [0, -6], className: 'fm-tip'});
      }
    });

    function statusStyle(code) {
      var s = STATUS[code] || STATUS.u;
      if (s.key === 'unknown') {
        return {fillColor: '#ffffff', fillOpacity: 1, color: C.status_unknown, weight: 2};
      }
      return {fillColor: C['status_' + s.key], fillOpacity: 1, color: '#ffffff', weight: 2};
    }

    // ---- popups (built from DOM nodes, text only) ----
    function claimBlock(ci, curIso) {
      var c = data.claims[ci];
      var box = el('div', 'fm-claim');
      if (c.ds && curIso && c.ds > curIso) {
        box.classList.add('fm-later');
        box.appendChild(el('div', 'fm-claim-flag', 'Reported for a later date'));
      }
      box.appendChild(el('blockquote', 'fm-quote', '\u201c' + c.q + '\u201d'));
      var meta = el('div', 'fm-claim-meta');
      meta.appendChild(el('span', 'fm-who', c.who));
      meta.appendChild(el('span', 'fm-who-type', ' (' + c.wt + ')'));
      meta.appendChild(el('span', null, ' \u00b7 ' + c.when));
      if (c.h) meta.appendChild(el('span', 'fm-hedge', ' \u00b7 hedged / unconfirmed'));
      if (c.n) meta.appendChild(el('span', 'fm-hedge', ' \u00b7 negated'));
      box.appendChild(meta);
      box.appendChild(el('div', 'fm-src', c.src));
      return box;
    }

    function placeTooltip(k) {
      var p = data.places[k];
      var code = cur >= 0 ? data.status[cur].charAt(k) : 'u';
      var box = el('div');
      box.appendChild(el('strong', null, p.res));
      box.appendChild(el('span', 'fm-tip-status', ' \u2014 ' + (STATUS[code] || STATUS.u).label));
      return box;
    }

    function placePopup(k) {
      var p = data.places[k];
      var iso = cur >= 0 ? data.dates[cur] : null;
      var code = cur >= 0 ? data.status[cur].charAt(k) : 'u';
      var s = STATUS[code] || STATUS.u;
      var box = el('div', 'fm-pop');
      var head = el('div', 'fm-pop-head');
      head.appendChild(el('span', 'fm-pop-title', p.res));
      var badge = el('span', 'fm-badge fm-st-' + s.key, s.label);
      head.appendChild(badge);
      box.appendChild(head);
      var sub = [];
      if (p.name !== p.res) sub.push('written \u201c' + p.name + '\u201d');
      if (p.adm) sub.push(p.adm);
      if (iso) sub.push('status on ' + fmtDate(iso));
      box.appendChild(el('div', 'fm-pop-sub', sub.join(' \u00b7 ')));
      var body = el('div', 'fm-pop-body');
      if (p.claims.length) {
        p.claims.forEach(function (ci) { body.appendChild(claimBlock(ci, iso)); });
      } else {
        body.appendChild(el('div', 'fm-pop-note', 'Named in reporting, no control claim:'));
        p.mentions.forEach(function (m) {
          var b = el('div', 'fm-claim');
          b.appendChild(el('blockquote', 'fm-quote', '\u201c' + m.q + '\u201d'));
          b.appendChild(el('div', 'fm-src', m.src));
          body.appendChild(b);
        });
      }
      box.appendChild(body);
      box.appendChild(el('div', 'fm-pop-foot', 'Located via ' + p.how));
      return box;
    }

    function heldPopup() {
      var box = el('div', 'fm-pop');
      if (cur < 0) return box;
      var head = el('div', 'fm-pop-head');
      head.appendChild(el('span', 'fm-pop-title', opts.sideAdj + '-held ground, ' + fmtDate(data.dates[cur])));
      box.appendChild(head);
      box.appendChild(el('div', 'fm-pop-sub', 'About ' + fmtNum(data.km2[cur]) + ' km\u00b2 (' +
        fmtNum(data.sqmi[cur]) + ' sq mi) \u00b7 ' + (BASIS[data.basis[cur]] || data.basis[cur])));
      box.appendChild(el('div', 'fm-pop-note',
        'An estimate derived from reported figures: the shape is drawn to match the reported area ' +
        'and places, not a surveyed front line.'));
      var body = el('div', 'fm-pop-body');
      data.dclaims[cur].forEach(function (ci) { body.appendChild(claimBlock(ci, null)); });
      data.notes[cur].forEach(function (t) { body.appendChild(el('div', 'fm-note', t)); });
      box.appendChild(body);
      return box;
    }

    // ---- info panel, legend ----
    var info = L.control({position: 'topright'});
    var infoDate, infoArea, infoBasis;
    info.onAdd = function () {
      var box = el('div', 'fm-panel fm-info');
      if (!opts.embed) {
        box.appendChild(el('div', 'fm-title', opts.sideAdj + '-held ground in ' + opts.theater));
      }
      infoDate = el('div', 'fm-date');
      infoArea = el('div', 'fm-area');
      infoBasis = el('div', 'fm-basis');
      box.appendChild(infoDate);
      box.appendChild(infoArea);
      box.appendChild(infoBasis);
      stop(box);
      return box;
    };
    info.addTo(map);

    // The legend folds into a "Legend" button in embed mode and while the map
    // is narrower than opts.compactPx (it would otherwise cover the area).
    var legend = L.control({position: 'topright'});
    var legendBox, legendBody, legendBtn, compact = null;
    function setLegendOpen(open) {
      legendBody.hidden = !open;
      legendBtn.setAttribute('aria-expanded', String(open));
    }
    function applyCompact(width) {
      var c = !!opts.embed || (width > 0 && width < (opts.compactPx || 760));
      if (c === compact) return;
      compact = c;
      container.classList.toggle('fm-compact', c);
      legendBtn.hidden = !c;
      setLegendOpen(!c);
    }
    legend.onAdd = function () {
      var box = legendBox = el('div', 'fm-panel fm-legend');
      var body = legendBody = el('div', 'fm-legend-body');
      var btn = legendBtn = el('button', 'fm-legend-toggle', 'Legend');
      btn.type = 'button';
      btn.title = 'Show or hide the legend';
      btn.addEventListener('click', function () { setLegendOpen(legendBody.hidden); });
      box.appendChild(btn);
      function row(swatch, text) {
        var r = el('div', 'fm-lrow');
        r.appendChild(swatch);
        r.appendChild(el('span', null, text));
        body.appendChild(r);
      }
      function sw(cls, style) {
        var s = el('i', 'fm-sw ' + cls);
        for (var k in style) s.style[k] = style[k];
        return s;
      }
      row(sw('fm-sw-area', {background: C.held_fill, borderColor: C.held_edge}),
        'Held by ' + opts.side + ' (estimate)');
      if (data.peak) {
        row(sw('fm-sw-area fm-sw-dashed', {borderColor: C.peak_edge}),
          'Largest extent, ' + fmtShort(data.peak.date));
      }
      ['h', 'l', 'c', 'u'].forEach(function (code) {
        var st = statusStyle(code);
        row(sw('fm-sw-dot', {background: st.fillColor, borderColor: st.color}),
          {h: 'Place held by ' + opts.side, l: 'Place lost by ' + opts.side,
            c: 'Place contested', u: 'Place named, no control report yet'}[code]);
      });
      row(sw('fm-sw-line fm-sw-border', {borderColor: C.border}), 'State border');
      row(sw('fm-sw-line', {borderColor: C.oblast_line}), 'Oblast boundary');
      body.appendChild(el('div', 'fm-legend-note',
        'Areas are estimates derived from reported figures (area in km\u00b2 and places reported ' +
        'taken or lost), not surveyed front lines. Click a place or the area for the sources.'));
      if (data.unresolved) {
        body.appendChild(el('div', 'fm-legend-note', data.unresolved + ' place name' +
          (data.unresolved === 1 ? '' : 's') + ' in the reports could not be located and ' +
          (data.unresolved === 1 ? 'is' : 'are') + ' not shown.'));
      }
      var cred = el('details', 'fm-credits');
      cred.appendChild(el('summary', null, 'Sources and credits'));
      opts.credits.forEach(function (c) { cred.appendChild(el('div', 'fm-credit', c)); });
      body.appendChild(cred);
      box.appendChild(body);
      stop(box);
      return box;
    };
    legend.addTo(map);

    // ---- layer switcher ----
    var base = {}, overlays = {}, firstTile = null;
    Object.keys(layers).forEach(function (key) {
      if (key.indexOf('tile:') === 0) {
        base[key.slice(5)] = layers[key];
        if (!firstTile) firstTile = layers[key];
      }
    });
    overlays['Held area (estimate)'] = held;
    overlays['Places'] = settlements;
    overlays['Place names'] = placeNames;
    if (layers.peak) overlays['Largest extent'] = layers.peak;
    if (!opts.tiles) overlays['Town labels'] = labelLayer;
    if (!opts.embed) {
      L.control.layers(Object.keys(base).length > 1 ? base : {}, overlays,
        {collapsed: true, position: 'topleft'}).addTo(map);
    }
    map.attributionControl.addAttribution(opts.attribution);

    // ---- timeline controls ----
    var bar, slider, prevBtn, nextBtn, playBtn, barDate, modeBox, ticks;
    var timer = null;

    function list() { return mode === 'reports' ? reportIdx : null; }

    function sliderPos(idx) {
      var l = list();
      if (!l) return idx;
      var p = l.indexOf(idx);
      return p;
    }

    function buildBar() {
      bar = el('div', 'fm-bar');
      bar.setAttribute('role', 'group');
      bar.setAttribute('aria-label', 'Date');
      prevBtn = el('button', 'fm-btn fm-prev', '\u25c0');
      prevBtn.type = 'button';
      prevBtn.title = 'Previous date (\u2190)';
      prevBtn.setAttribute('aria-label', 'Previous date');
      playBtn = el('button', 'fm-btn fm-play', '\u25b6');
      playBtn.type = 'button';
      playBtn.title = 'Play';
      playBtn.setAttribute('aria-label', 'Play');
      nextBtn = el('button', 'fm-btn fm-next', '\u25b6');
      nextBtn.type = 'button';
      nextBtn.title = 'Next date (\u2192)';
      nextBtn.setAttribute('aria-label', 'Next date');
      var mid = el('div', 'fm-slider-wrap');
      slider = el('input', 'fm-slider');
      slider.type = 'range';
      slider.min = '0';
      slider.step = '1';
      slider.setAttribute('aria-label', 'Date of the map');
      ticks = el('div', 'fm-ticks');
      mid.appendChild(slider);
      mid.appendChild(ticks);
      barDate = el('div', 'fm-bar-date');
      bar.appendChild(prevBtn);
      bar.appendChild(playBtn);
      bar.appendChild(nextBtn);
      bar.appendChild(mid);
      bar.appendChild(barDate);
      if (hasModes) {
        modeBox = el('label', 'fm-mode');
        var cb = el('input');
        cb.type = 'checkbox';
        cb.className = 'fm-every-day';
        modeBox.appendChild(cb);
        modeBox.appendChild(el('span', null, ' every day'));
        modeBox.title = 'Step through every day, not only dates with reports';
        cb.addEventListener('change', function () { setMode(cb.checked ? 'all' : 'reports'); });
        bar.appendChild(modeBox);
      }
      slider.addEventListener('input', function () {
        var v = +slider.value, l = list();
        setIndex(l ? l[v] : v, 'user');
      });
      prevBtn.addEventListener('click', function () { pause(); step(-1, 'user'); });
      nextBtn.addEventListener('click', function () { pause(); step(1, 'user'); });
      playBtn.addEventListener('click', function () { timer ? pause() : play(); });
      bar.addEventListener('keydown', function (ev) {
        if (ev.target === slider) return; // the range input steps natively
        if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
          pause();
          step(ev.key === 'ArrowRight' ? 1 : -1, 'user');
          ev.preventDefault();
        }
      });
      stop(bar);
      L.DomEvent.on(bar, 'mousedown touchstart pointerdown', L.DomEvent.stopPropagation);
      container.appendChild(bar);
      container.classList.add('fm-has-bar');
      configureSlider();
    }

    function configureSlider() {
      var l = list();
      var count = l ? l.length : n;
      slider.max = String(Math.max(count - 1, 0));
      slider.disabled = count < 2;
      while (ticks.firstChild) ticks.removeChild(ticks.firstChild);
      var first = data.dates[0], last = data.dates[n - 1];
      ticks.appendChild(el('span', 'fm-tick-start', fmtShort(first)));
      ticks.appendChild(el('span', 'fm-tick-end', fmtShort(last)));
      if (cur >= 0) slider.value = String(Math.max(sliderPos(cur), 0));
    }

    function setMode(m) {
      if (m === mode || !hasModes) return;
      mode = m;
      var cb = modeBox && modeBox.querySelector('input');
      if (cb) cb.checked = (m === 'all');
      if (mode === 'reports' && cur >= 0 && reportIdx.indexOf(cur) < 0) {
        // snap to the nearest report date at or before
        var snap = reportIdx[0];
        reportIdx.forEach(function (r) { if (r <= cur) snap = r; });
        configureSlider();
        setIndex(snap, 'user');
        return;
      }
      configureSlider();
    }

    function step(delta, source) {
      var l = list();
      if (!l) {
        setIndex(Math.min(Math.max(cur + delta, 0), n - 1), source);
        return;
      }
      var p = l.indexOf(cur);
      if (p < 0) {
        // current date not in the list: next/previous report date
        var target = -1;
        if (delta > 0) { for (var a = 0; a < l.length; a++) if (l[a] > cur) { target = l[a]; break; } }
        else { for (var b = l.length - 1; b >= 0; b--) if (l[b] < cur) { target = l[b]; break; } }
        if (target >= 0) setIndex(target, source);
        return;
      }
      var q = Math.min(Math.max(p + delta, 0), l.length - 1);
      setIndex(l[q], source);
    }

    function atEnd() {
      var l = list();
      return l ? cur === l[l.length - 1] : cur === n - 1;
    }

    function play() {
      if (n < 2 || timer) return;
      if (atEnd()) setIndex(list() ? list()[0] : 0, 'user');
      timer = setInterval(function () {
        if (atEnd()) { pause(); return; }
        step(1, 'play');
      }, opts.playMs);
      if (playBtn) {
        playBtn.textContent = '\u275a\u275a';
        playBtn.title = 'Pause';
        playBtn.setAttribute('aria-label', 'Pause');
      }
    }

    function pause() {
      if (timer) clearInterval(timer);
      timer = null;
      if (playBtn) {
        playBtn.textContent = '\u25b6';
        playBtn.title = 'Play';
        playBtn.setAttribute('aria-label', 'Play');
      }
    }

    // ---- drawing one date ----
    function draw() {
      var g = data.g[cur];
      if (g >= 0) {
        held.setLatLngs(geometry(g));
        if (!heldShown) { held.addTo(map); heldShown = true; }
      } else if (heldShown) {
        held.setLatLngs([]);
      }
      var codes = data.status[cur];
      for (var k = 0; k < placeLayers.length; k++) {
        var c = codes.charAt(k) || 'u';
        var layer = placeLayers[k];
        if (layer && layer._fmStatus !== c) {
          layer.setStyle(statusStyle(c));
          layer._fmStatus = c;
        }
      }
      var iso = data.dates[cur];
      infoDate.textContent = fmtDate(iso);
      infoArea.textContent = g >= 0 ?
        fmtNum(data.km2[cur]) + ' km\u00b2 \u00b7 ' + fmtNum(data.sqmi[cur]) + ' sq mi' :
        'No held area on this date';
      var basis = data.basis[cur];
      infoBasis.textContent = 'Estimate \u00b7 ' + (BASIS[basis] || basis);
      infoBasis.className = 'fm-basis fm-basis-' + basis;
      if (bar) {
        var pos = sliderPos(cur);
        if (pos >= 0) slider.value = String(pos);
        slider.setAttribute('aria-valuetext', fmtDate(iso));
        barDate.textContent = fmtShort(iso);
        barDate.title = basis;
        prevBtn.disabled = cur === 0;
        nextBtn.disabled = cur === n - 1;
      }
      // refresh an open popup / tooltip so it shows the new date's status
      if (map._popup && map._popup.isOpen() && map._popup._source &&
          (map._popup._source === held || map._popup._source._fmIndex !== undefined)) {
        map._popup.update();
      }
    }

    var hashTimer = null;
    function writeHash(iso) {
      if (global.top !== global) return; // inside an iframe: leave the host's URL alone
      if (hashTimer) clearTimeout(hashTimer);
      hashTimer = setTimeout(function () {
        try { global.history.replaceState(null, '', '#date=' + iso); } catch (e) { /* file: or sandbox */ }
      }, 300);
    }

    function setIndex(idx, source) {
      if (idx < 0 || idx >= n || idx === cur) return;
      if (mode === 'reports' && reportIdx.indexOf(idx) < 0 && hasModes) {
        mode = 'all';
        var cb = modeBox && modeBox.querySelector('input');
        if (cb) cb.checked = true;
        cur = idx;
        if (bar) configureSlider();
      } else {
        cur = idx;
      }
      draw();
      var iso = data.dates[cur];
      var detail = {index: cur, source: source, km2: data.km2[cur], sqmi: data.sqmi[cur],
        basis: data.basis[cur]};
      if (source !== 'init') writeHash(iso);
      callbacks.slice().forEach(function (cb) {
        try { cb(iso, detail); } catch (e) { if (global.console) console.error(e); }
      });
    }

    function indexFor(iso) {
      if (typeof iso !== 'string' || !n) return -1;
      var exact = data.dates.indexOf(iso);
      if (exact >= 0) return exact;
      var best = 0;
      for (var k = 0; k < n; k++) if (data.dates[k] <= iso) best = k;
      return best;
    }

    // ---- framing: only once the container has a size ----
    // In a hidden frame (display:none, a background tab, a component iframe
    // not shown yet) the map is 0 x 0 and fitBounds would compute NaN; the
    // first view is framed when the container first gets a size.
    var framed = false, lastW = -1, lastH = -1;

    function framePadding(w, h) {
      // keep the framed area clear of the panels and the slider bar
      var corner = map._controlCorners && map._controlCorners.topright;
      var cw = corner ? corner.offsetWidth : 0, ch = corner ? corner.offsetHeight : 0;
      var bottom = bar ? bar.offsetHeight + 44 : 30;
      var tl, br;
      if (compact || w - cw < 0.55 * w) {   // narrow: the area goes below the panels
        tl = [20, ch + 16];
        br = [20, bottom];
      } else {                               // wide: beside them
        tl = [opts.embed ? 20 : 60, 20];
        br = [cw + 24, bottom];
      }
      // never pad away more than the map has (fitBounds would give NaN)
      if (w - tl[0] - br[0] < 120) { tl[0] = br[0] = Math.max(0, Math.min(20, (w - 120) / 2)); }
      if (h - tl[1] - br[1] < 120) { tl[1] = br[1] = Math.max(0, Math.min(20, (h - 120) / 2)); }
      return {paddingTopLeft: tl, paddingBottomRight: br};
    }

    function frameView() {
      var w = container.clientWidth, h = container.clientHeight;
      if (!data.bounds || !(w > 0 && h > 0)) return false;
      var pad = framePadding(w, h);
      pad.animate = false;
      map.fitBounds(data.bounds, pad);
      return true;
    }

    function onSize() {
      var w = container.clientWidth, h = container.clientHeight;
      if (!(w > 0 && h > 0) || (w === lastW && h === lastH)) return;
      var first = lastW < 0;
      lastW = w;
      lastH = h;
      if (!first) map.invalidateSize({pan: framed});
      applyCompact(w);
      if (!framed) framed = frameView();
      updateLabels();
    }

    // ---- start ----
    settlements.addTo(map);
    placeNames.addTo(map);
    applyCompact(0);
    if (opts.controls && n) buildBar();
    if (container.clientWidth > 0 && container.clientHeight > 0) {
      onSize();
    } else {
      lastW = lastH = 0;   // hidden: the first size change must invalidate the map
      updateLabels();
    }
    if (global.ResizeObserver) {
      new global.ResizeObserver(function () { onSize(); }).observe(container);
    }
    global.addEventListener('resize', onSize);
    if (!n) {
      infoDate.textContent = 'No dated areas';
      infoArea.textContent = 'The articles gave no area figures to map.';
    }
    var start = opts.start;
    try {
      var m = /(?:^#|&)date=(\d{4}-\d{2}-\d{2})/.exec(global.location.hash || '');
      if (m) start = indexFor(m[1]);
    } catch (e) { /* no location */ }
    if (n) setIndex(start, 'init');

    var api = {
      dates: data.dates.slice(),
      map: map,
      setDate: function (iso) {
        var idx = indexFor(iso);
        if (idx >= 0) setIndex(idx, 'api');
        return cur >= 0 ? data.dates[cur] : null;
      },
      getDate: function () { return cur >= 0 ? data.dates[cur] : null; },
      onDateChange: function (cb) {
        if (typeof cb !== 'function') return function () {};
        callbacks.push(cb);
        return function () {
          var k = callbacks.indexOf(cb);
          if (k >= 0) callbacks.splice(k, 1);
        };
      },
      step: function (d) { step(d || 1, 'api'); return api.getDate(); },
      play: play,
      pause: pause
    };
    global.frontlineMap = api;

    // keyboard: arrows step the date when the focus is on the page, not the map
    document.addEventListener('keydown', function (ev) {
      if (!bar) return;
      var t = ev.target;
      if (t !== document.body && t !== document.documentElement) return;
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
        pause();
        step(ev.key === 'ArrowRight' ? 1 : -1, 'user');
        ev.preventDefault();
      }
    });
    return api;
  }

  global.FrontlineMapLib = {init: init, decodePolyline: decodePolyline};
})(window);
