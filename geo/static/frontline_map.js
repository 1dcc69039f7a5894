/* Frontline map: the Leaflet view and the in-page date controls (geo/webmap.py).
 *
 * The page holds every date's polygon (polyline-encoded) and settlement
 * status; changing the date swaps the held polygon's rings and restyles the
 * settlement markers in place. Nothing is re-created, the view is kept.
 * The arithmetic (dates, slider, label boxes, panel geometry, decoding,
 * formatting) lives in frontline_core.js (window.FrontlineCore), inlined
 * before this file and unit-tested in Node (tests/js/).
 *
 * Every string from the data (article text) is inserted with textContent,
 * never as HTML.
 *
 * Public: window.frontlineMap = {setDate(iso), getDate(), onDateChange(cb),
 * dates, map, step(n), play(), pause()}.
 */
(function (global) {
  'use strict';

  var core = global.FrontlineCore;
  var STATUS = core.STATUS;
  /** Leaflet's attribution prefix without the flag Leaflet 1.9 adds. */
  var LEAFLET_PREFIX = '<a href="https://leafletjs.com" ' +
    'title="A JavaScript library for interactive maps">Leaflet</a>';
  var FONT_FAMILY = '"Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';
  /** Above the panels (Leaflet's control corners are at z-index 1000). */
  var LIFTED_PANE_Z = 1100;
  var BAR_BOTTOM_PX = 30;

  /** A DOM element with a class and text (never HTML). */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** Keep clicks and wheel turns on a panel from reaching the map. */
  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  /**
   * Move a pane (popups, tooltips) out of Leaflet's map pane into the map
   * container, above the panels, and keep it positioned with the map pane.
   * Inside the map pane nothing can be drawn above the controls: the pane's
   * transform makes it a stacking context below them.
   */
  function liftPane(map, name) {
    var pane = map.getPane(name), mapPane = map.getPane('mapPane');
    map.getContainer().appendChild(pane);
    pane.style.zIndex = String(LIFTED_PANE_Z);
    function sync() {
      pane.style.transform = mapPane.style.transform;
      // zoom animations are keyed to this class on an ancestor of the popup
      pane.classList.toggle('leaflet-zoom-anim', mapPane.classList.contains('leaflet-zoom-anim'));
    }
    new MutationObserver(sync).observe(mapPane, {attributes: true,
      attributeFilter: ['style', 'class']});
    sync();
  }

  /** Width of a text in pixels for label boxes. */
  var measureText = (function () {
    var ctx = null;
    return function (text, font, spacing) {
      ctx = ctx || document.createElement('canvas').getContext('2d');
      ctx.font = font + ' ' + FONT_FAMILY;
      return ctx.measureText(text).width + spacing * text.length;
    };
  }());

  /** Marker style for a status code. */
  function statusStyle(C, code) {
    var s = STATUS[code] || STATUS.u;
    if (s.key === 'unknown') {
      return {fillColor: '#ffffff', fillOpacity: 1, color: C.status_unknown, weight: 2};
    }
    return {fillColor: C['status_' + s.key], fillOpacity: 1, color: '#ffffff', weight: 2};
  }

  // ---- popups (built from DOM nodes, text only) ----

  /** One claim: quote, claimant, date, flags and source. curIso (optional)
   *  greys out claims dated after the date shown. */
  function claimBlock(claim, curIso) {
    var box = el('div', 'fm-claim');
    if (claim.dateStart && curIso && claim.dateStart > curIso) {
      box.classList.add('fm-later');
      box.appendChild(el('div', 'fm-claim-flag', 'Reported for a later date'));
    }
    box.appendChild(el('blockquote', 'fm-quote', core.quoted(claim.quote)));
    var meta = el('div', 'fm-claim-meta');
    meta.appendChild(el('span', 'fm-who', claim.claimant));
    meta.appendChild(el('span', 'fm-who-type', ' (' + claim.claimantType + ')'));
    meta.appendChild(el('span', null, ' \u00b7 ' + claim.dateText));
    if (claim.hedged) meta.appendChild(el('span', 'fm-hedge', ' \u00b7 hedged / unconfirmed'));
    if (claim.negated) meta.appendChild(el('span', 'fm-hedge', ' \u00b7 negated'));
    box.appendChild(meta);
    box.appendChild(el('div', 'fm-src', claim.source));
    return box;
  }

  /** Hover text of a settlement: its name and status. */
  function placeTooltip(place, code) {
    var box = el('div');
    box.appendChild(el('strong', null, place.resolvedName));
    box.appendChild(el('span', 'fm-tip-status', ' \u2014 ' + (STATUS[code] || STATUS.u).label));
    return box;
  }

  /** A settlement's popup: status on iso, the claims about it or, without
   *  any, the sentences naming it. */
  function placePopup(data, place, code, iso) {
    var s = STATUS[code] || STATUS.u;
    var box = el('div', 'fm-pop');
    var head = el('div', 'fm-pop-head');
    head.appendChild(el('span', 'fm-pop-title', place.resolvedName));
    head.appendChild(el('span', 'fm-badge fm-st-' + s.key, s.label));
    box.appendChild(head);
    var sub = [];
    if (place.name !== place.resolvedName) sub.push('written \u201c' + place.name + '\u201d');
    if (place.admin) sub.push(place.admin);
    if (iso) sub.push('status on ' + core.formatDate(iso));
    box.appendChild(el('div', 'fm-pop-sub', sub.join(' \u00b7 ')));
    var body = el('div', 'fm-pop-body');
    if (place.claimRefs.length) {
      place.claimRefs.forEach(function (ci) { body.appendChild(claimBlock(data.claims[ci], iso)); });
    } else {
      body.appendChild(el('div', 'fm-pop-note', 'Named in reporting, no control claim:'));
      place.mentions.forEach(function (m) {
        var b = el('div', 'fm-claim');
        b.appendChild(el('blockquote', 'fm-quote', core.quoted(m.quote)));
        b.appendChild(el('div', 'fm-src', m.source));
        body.appendChild(b);
      });
    }
    box.appendChild(body);
    box.appendChild(el('div', 'fm-pop-foot', 'Located via ' + place.locatedBy));
    return box;
  }

  /** The held area's popup for date index d: area, basis, claims, notes. */
  function heldPopup(data, opts, d) {
    var box = el('div', 'fm-pop');
    if (d < 0) return box;
    var head = el('div', 'fm-pop-head');
    head.appendChild(el('span', 'fm-pop-title',
      opts.sideAdjective + '-held ground, ' + core.formatDate(data.dates[d])));
    box.appendChild(head);
    box.appendChild(el('div', 'fm-pop-sub', data.areaText[d] + ' \u00b7 ' + data.basisText[d]));
    box.appendChild(el('div', 'fm-pop-note', data.basisWhy[d]));
    box.appendChild(el('div', 'fm-pop-note',
      'An estimate derived from reported figures: the shape is drawn to match the reported area ' +
      'and places, not a surveyed front line.'));
    var body = el('div', 'fm-pop-body');
    data.dateClaims[d].forEach(function (ci) { body.appendChild(claimBlock(data.claims[ci], null)); });
    data.dateNotes[d].forEach(function (t) { body.appendChild(el('div', 'fm-note', t)); });
    box.appendChild(body);
    return box;
  }

  // ---- legend ----

  /** A legend swatch. */
  function swatch(cls, style) {
    var s = el('i', 'fm-sw ' + cls);
    for (var k in style) s.style[k] = style[k];
    return s;
  }

  /** A legend entry: swatch and text. */
  function legendItem(sw, text) {
    var r = el('div', 'fm-lrow');
    r.appendChild(sw);
    r.appendChild(el('span', null, text));
    return r;
  }

  /** The legend's body: area, place statuses (two columns), lines, a short
   *  note and the credits (folded). */
  function legendBody(data, opts) {
    var C = opts.colors;
    var body = el('div', 'fm-legend-body');
    body.appendChild(legendItem(swatch('fm-sw-area', {background: C.held_fill, borderColor: C.held_edge}),
      'Held by ' + opts.side + ' (estimate)'));
    if (data.peak) {
      body.appendChild(legendItem(swatch('fm-sw-area fm-sw-dashed', {borderColor: C.peak_edge}),
        'Largest extent, ' + core.formatShortDate(data.peak.date)));
    }
    body.appendChild(el('div', 'fm-lhead', 'Places named in reports'));
    var grid = el('div', 'fm-lgrid');
    var names = {h: 'held by ' + opts.side, l: 'lost by ' + opts.side, c: 'contested',
      u: 'no report yet'};
    ['h', 'l', 'c', 'u'].forEach(function (code) {
      var st = statusStyle(C, code);
      grid.appendChild(legendItem(swatch('fm-sw-dot', {background: st.fillColor, borderColor: st.color}),
        names[code]));
    });
    body.appendChild(grid);
    var lines = el('div', 'fm-lgrid');
    lines.appendChild(legendItem(swatch('fm-sw-line fm-sw-border', {borderColor: C.border}), 'State border'));
    lines.appendChild(legendItem(swatch('fm-sw-line', {borderColor: C.oblast_line}), 'Oblast boundary'));
    body.appendChild(lines);
    body.appendChild(el('div', 'fm-legend-note',
      'Areas are estimates from reported figures, not surveyed front lines. ' +
      'Click a place or the area for its sources.'));
    var u = data.unresolvedCount;
    if (u) {
      body.appendChild(el('div', 'fm-legend-note', u + ' place name' + (u === 1 ? '' : 's') +
        ' could not be located (not shown).'));
    }
    var cred = el('details', 'fm-credits');
    cred.appendChild(el('summary', null, 'Sources and credits'));
    opts.credits.forEach(function (c) { cred.appendChild(el('div', 'fm-credit', c)); });
    body.appendChild(cred);
    return body;
  }

  // ---- the map ----

  function init(map, data, opts, layers) {
    var missing = core.checkPayload(data, opts);
    if (missing.length) throw new Error('frontline map: payload lacks ' + missing.join(', '));
    var C = opts.colors;
    var n = data.dates.length;
    var reportIdx = core.reportIndices(data.hasReport);
    var hasModes = reportIdx.length > 0 && reportIdx.length < n;
    var mode = hasModes ? 'reports' : 'all';
    var cur = -1;
    var callbacks = [];
    var decoded = {};
    var container = map.getContainer();
    container.classList.add('fm-root');
    container.style.background = C.background;
    if (opts.embed) container.classList.add('fm-embed');
    liftPane(map, 'popupPane');
    liftPane(map, 'tooltipPane');

    // ---- labels: place names, region names, towns; placed greedily so none overlap ----
    var labelLayer = L.layerGroup();   // region names and towns (offline basemap only)
    var placeNames = L.layerGroup();   // names of the settlements in the reports
    var labelItems = [];               // in priority order

    function addLabel(kind, group, latlng, node, cls, w, h, dx, dy, pop) {
      var m = L.marker(latlng, {
        icon: L.divIcon({className: cls, html: node, iconSize: null}),
        interactive: false, keyboard: false
      });
      labelItems.push({kind: kind, group: group, marker: m, node: node,
        w: w, h: h, dx: dx, dy: dy, pop: pop || 0});
    }

    data.places.map(function (p, k) { return k; })
      .sort(function (a, b) {
        return data.places[b].claimRefs.length - data.places[a].claimRefs.length || a - b;
      })
      .forEach(function (k) {
        var p = data.places[k];
        addLabel('place', placeNames, [p.lat, p.lon], el('span', 'fm-place-name', p.resolvedName),
          'fm-place-label', measureText(p.resolvedName, '600 12px', 0) + 4, 16, 9, -8);
      });
    if (!opts.tiles) {
      data.basemap.regions.forEach(function (r) {
        var w = measureText(r.name.toUpperCase(), '600 12px', 1.7) + 6;
        addLabel('region', labelLayer, [r.lat, r.lon],
          el('span', 'fm-region-name' + (r.isTheater ? ' fm-theater' : ''), r.name),
          'fm-region-label', w, 16, -w / 2, -8);
      });
      data.basemap.townLabels.map(core.townLabel).forEach(function (t) {
        var wrap = el('span', 'fm-town');
        wrap.appendChild(el('i', 'fm-town-dot'));
        wrap.appendChild(el('span', 'fm-town-name', t.name));
        addLabel('town', labelLayer, [t.lat, t.lon], wrap, 'fm-town-label',
          measureText(t.name, '11px', 0) + 10, 14, -3, -7, t.population);
      });
      labelLayer.addTo(map);
    }

    function updateLabels() {
      var z = map.getZoom();
      var obstacles = data.places.map(function (p) {   // the markers themselves
        var q = map.latLngToLayerPoint([p.lat, p.lon]);
        return [q.x - 7, q.y - 7, q.x + 7, q.y + 7];
      });
      var items = labelItems.map(function (it) {
        var q = map.latLngToLayerPoint(it.marker.getLatLng());
        return {kind: it.kind, x: q.x, y: q.y, w: it.w, h: it.h, dx: it.dx, dy: it.dy, pop: it.pop};
      });
      var placed = core.placeLabels(items, obstacles, z,
        core.minPopulation(data.basemap.zoomPopulation, z));
      labelItems.forEach(function (it, k) {
        var show = placed[k].show;
        if (it.kind === 'place' && show) it.node.classList.toggle('fm-left', placed[k].left);
        var has = it.group.hasLayer(it.marker);
        if (show && !has) it.group.addLayer(it.marker);
        else if (!show && has) it.group.removeLayer(it.marker);
      });
    }
    map.on('zoomend', updateLabels);

    // ---- panes: basemap (overlayPane, 400) < held area < places < labels ----
    map.createPane('fmHeld').style.zIndex = 410;
    map.createPane('fmPlaces').style.zIndex = 420;

    // ---- popups: sized to the map, tracked through Leaflet's events ----
    var popups = [];          // every bound popup with its preferred width
    var openPopup = null;     // the one open now (popupopen / popupclose)

    function bindPopup(layer, content, preferredWidth) {
      layer.bindPopup(content, {maxWidth: preferredWidth, className: 'fm-popup'});
      popups.push({popup: layer.getPopup(), width: preferredWidth});
      layer.on('popupopen', function (e) { openPopup = e.popup; });
      layer.on('popupclose', function (e) { if (openPopup === e.popup) openPopup = null; });
    }

    function sizePopups(w, h) {
      popups.forEach(function (p) {
        var lim = core.popupLimits(w, h, p.width);
        p.popup.options.maxWidth = lim.maxWidth;
        p.popup.options.maxHeight = lim.maxHeight;
        p.popup.options.autoPanPadding = [lim.padding, lim.padding];
      });
      if (openPopup && openPopup.isOpen()) openPopup.update();
    }

    // ---- the held polygon: one layer, its rings swapped per date ----
    var held = L.polygon([], {pane: 'fmHeld',
      color: C.held_edge, weight: 2, opacity: 1,
      fillColor: C.held_fill, fillOpacity: 0.38, className: 'fm-held'
    });
    held.bindTooltip('Estimate derived from reported figures', {sticky: true, className: 'fm-tip'});
    bindPopup(held, function () { return heldPopup(data, opts, cur); }, 360);
    var heldShown = false;

    function geometry(g) {
      if (!decoded[g]) decoded[g] = core.decodeGeometry(data.geometries[g], opts.coordDecimals);
      return decoded[g];
    }

    // ---- settlements: one GeoJSON layer of circle markers ----
    var placeLayers = [];
    var placeShown = [];      // the status code each marker is styled with
    var settlements = L.geoJSON({
      type: 'FeatureCollection',
      features: data.places.map(function (p, k) {
        return {type: 'Feature', properties: {i: k},
          geometry: {type: 'Point', coordinates: [p.lon, p.lat]}};
      })
    }, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {pane: 'fmPlaces', radius: 6, weight: 2, color: '#ffffff',
          fillOpacity: 1, className: 'fm-place'});
      },
      onEachFeature: function (f, layer) {
        var k = f.properties.i;
        placeLayers[k] = layer;
        placeShown[k] = null;
        bindPopup(layer, function () {
          return placePopup(data, data.places[k], core.statusAt(data.placeStatus, cur, k),
            cur >= 0 ? data.dates[cur] : null);
        }, 380);
        layer.bindTooltip(function () {
          return placeTooltip(data.places[k], core.statusAt(data.placeStatus, cur, k));
        }, {direction: 'top', offset: [0, -6], className: 'fm-tip'});
      }
    });

    // ---- info panel, legend ----
    var info = L.control({position: 'topright'});
    var infoDate, infoArea, infoBasis, infoTiles;
    info.onAdd = function () {
      var box = el('div', 'fm-panel fm-info');
      // the title says whose ground and where, in the embed view too
      box.appendChild(el('div', 'fm-title', opts.sideAdjective + '-held ground in ' + opts.theaterName));
      infoDate = el('div', 'fm-date');
      infoArea = el('div', 'fm-area');
      infoBasis = el('div', 'fm-basis');
      infoTiles = el('div', 'fm-tile-notice');
      infoTiles.setAttribute('role', 'status');
      infoTiles.hidden = true;
      box.appendChild(infoDate);
      box.appendChild(infoArea);
      box.appendChild(infoBasis);
      box.appendChild(infoTiles);
      stop(box);
      return box;
    };
    info.addTo(map);

    // The legend folds into a "Legend" button in embed mode and while the map
    // is narrower than opts.compactWidthPx (it would otherwise cover the area).
    var legend = L.control({position: 'topright'});
    var legendBodyNode, legendBtn, compact = null;
    function setLegendOpen(open) {
      legendBodyNode.hidden = !open;
      legendBtn.setAttribute('aria-expanded', String(open));
    }
    function applyCompact(width) {
      var c = core.isCompact(width, opts.embed, opts.compactWidthPx);
      if (c === compact) return;
      compact = c;
      container.classList.toggle('fm-compact', c);
      legendBtn.hidden = !c;
      setLegendOpen(!c);
    }
    legend.onAdd = function () {
      var box = el('div', 'fm-panel fm-legend');
      var btn = legendBtn = el('button', 'fm-legend-toggle', 'Legend');
      btn.type = 'button';
      btn.title = 'Show or hide the legend';
      btn.addEventListener('click', function () { setLegendOpen(legendBodyNode.hidden); });
      box.appendChild(btn);
      legendBodyNode = legendBody(data, opts);
      box.appendChild(legendBodyNode);
      stop(box);
      return box;
    };
    legend.addTo(map);

    // ---- layer switcher, attribution, web tiles ----
    var base = {}, overlays = {}, tileLayers = [];
    Object.keys(layers).forEach(function (key) {
      if (key.indexOf('tile:') === 0) {
        base[key.slice(5)] = layers[key];
        tileLayers.push(layers[key]);
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
    map.attributionControl.setPrefix(LEAFLET_PREFIX);
    map.attributionControl.addAttribution(opts.attribution);
    map.on('baselayerchange overlayadd overlayremove', function () { placeBottomControls(); });

    // Web tiles need the internet: say so (in the info panel) when they fail.
    var tilesLoaded = 0, tilesFailed = 0;
    function showTileNotice() {
      var text = core.tileNotice(tilesLoaded, tilesFailed);
      infoTiles.hidden = !text;
      infoTiles.textContent = text || '';
    }
    tileLayers.forEach(function (t) {
      t.on('tileload', function () { tilesLoaded += 1; showTileNotice(); });
      t.on('tileerror', function () { tilesFailed += 1; showTileNotice(); });
    });

    // ---- timeline controls ----
    var bar, slider, prevBtn, nextBtn, playBtn, barDate, modeBox, ticks;
    var timer = null;

    function list() { return mode === 'reports' ? reportIdx : null; }

    function button(cls, text, label, title) {
      var b = el('button', 'fm-btn ' + cls, text);
      b.type = 'button';
      b.title = title;
      b.setAttribute('aria-label', label);
      return b;
    }

    function buildBar() {
      bar = el('div', 'fm-bar');
      bar.setAttribute('role', 'group');
      bar.setAttribute('aria-label', 'Date');
      prevBtn = button('fm-prev', '\u25c0', 'Previous date', 'Previous date (\u2190)');
      playBtn = button('fm-play', '\u25b6', 'Play', 'Play');
      nextBtn = button('fm-next', '\u25b6', 'Next date', 'Next date (\u2192)');
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
        setIndex(core.indexAtSlider(+slider.value, list()), 'user');
      });
      prevBtn.addEventListener('click', function () { pause(); step(-1, 'user'); });
      nextBtn.addEventListener('click', function () { pause(); step(1, 'user'); });
      playBtn.addEventListener('click', function () { if (timer) pause(); else play(); });
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
      var count = core.sliderCount(n, list());
      slider.max = String(Math.max(count - 1, 0));
      slider.disabled = count < 2;
      while (ticks.firstChild) ticks.removeChild(ticks.firstChild);
      ticks.appendChild(el('span', 'fm-tick-start', core.formatShortDate(data.dates[0])));
      ticks.appendChild(el('span', 'fm-tick-end', core.formatShortDate(data.dates[n - 1])));
      if (cur >= 0) slider.value = String(Math.max(core.sliderPosition(cur, list()), 0));
    }

    /** Keep the bar above the attribution line and the scale above the bar. */
    function placeBottomControls() {
      if (!bar) return;
      var attribution = map.attributionControl.getContainer();
      var bottom = core.barBottom(attribution ? attribution.offsetHeight : 0, BAR_BOTTOM_PX);
      bar.style.bottom = bottom + 'px';
      container.style.setProperty('--fm-bar-top', (bottom + bar.offsetHeight + 6) + 'px');
    }

    function setMode(m) {
      if (m === mode || !hasModes) return;
      mode = m;
      var cb = modeBox && modeBox.querySelector('input');
      if (cb) cb.checked = (m === 'all');
      configureSlider();
      if (mode === 'reports' && cur >= 0 && reportIdx.indexOf(cur) < 0) {
        setIndex(core.snapToList(cur, reportIdx), 'user');
      }
    }

    function step(delta, source) {
      var target = core.stepIndex(cur, delta, n, list());
      if (target >= 0) setIndex(target, source);
    }

    function play() {
      if (n < 2 || timer) return;
      if (core.isAtEnd(cur, n, list())) setIndex(core.indexAtSlider(0, list()), 'user');
      timer = setInterval(function () {
        if (core.isAtEnd(cur, n, list())) { pause(); return; }
        step(1, 'play');
      }, opts.playIntervalMs);
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
      var g = data.geometryIndex[cur];
      if (g >= 0) {
        held.setLatLngs(geometry(g));
        if (!heldShown) { held.addTo(map); heldShown = true; }
      } else if (heldShown) {
        held.setLatLngs([]);
      }
      for (var k = 0; k < placeLayers.length; k++) {
        var c = core.statusAt(data.placeStatus, cur, k);
        if (placeLayers[k] && placeShown[k] !== c) {
          placeLayers[k].setStyle(statusStyle(C, c));
          placeShown[k] = c;
        }
      }
      var iso = data.dates[cur];
      infoDate.textContent = core.formatDate(iso);
      infoArea.textContent = g >= 0 ? data.areaText[cur] :
        'No held area on this date';
      var basis = data.basis[cur];
      infoBasis.textContent = 'Estimate \u00b7 ' + data.basisText[cur];
      infoBasis.className = 'fm-basis fm-basis-' + basis;
      if (bar) {
        var pos = core.sliderPosition(cur, list());
        if (pos >= 0) slider.value = String(pos);
        slider.setAttribute('aria-valuetext', core.formatDate(iso));
        barDate.textContent = core.formatShortDate(iso);
        barDate.title = basis;
        prevBtn.disabled = cur === 0;
        nextBtn.disabled = cur === n - 1;
      }
      // an open popup shows the new date's status and claims
      if (openPopup && openPopup.isOpen()) openPopup.update();
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
      if (mode === 'reports' && hasModes && reportIdx.indexOf(idx) < 0) {
        mode = 'all';   // a date between reports: the slider runs over every day
        var cb = modeBox && modeBox.querySelector('input');
        if (cb) cb.checked = true;
        cur = idx;
        if (bar) configureSlider();
      } else {
        cur = idx;
      }
      draw();
      var iso = data.dates[cur];
      var detail = {index: cur, source: source, km2: data.areaKm2[cur], sqmi: data.areaSqMi[cur],
        basis: data.basis[cur]};
      if (source !== 'init') writeHash(iso);
      callbacks.slice().forEach(function (cb) {
        try { cb(iso, detail); } catch (e) { if (global.console) console.error(e); }
      });
    }

    // ---- framing: only once the container has a size ----
    // In a hidden frame (display:none, a background tab, a component iframe
    // not shown yet) the map is 0 x 0 and fitBounds would compute NaN; the
    // first view is framed when the container first gets a size.
    var framed = false, lastW = -1, lastH = -1;

    function frameView() {
      var w = container.clientWidth, h = container.clientHeight;
      if (!data.bounds || !(w > 0 && h > 0)) return false;
      var corner = info.getContainer().parentNode;   // the top-right panel stack
      var pad = core.framePadding(w, h, {w: corner.offsetWidth, h: corner.offsetHeight},
        bar ? bar.offsetHeight : 0, compact, opts.embed);
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
      placeBottomControls();
      sizePopups(w, h);
      if (!framed) framed = frameView();
      updateLabels();
    }

    // ---- start ----
    settlements.addTo(map);
    placeNames.addTo(map);
    applyCompact(0);
    if (opts.showControls && n) buildBar();
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
    var start = opts.startIndex;
    try {
      var hashDate = core.dateFromHash(global.location.hash);
      if (hashDate) start = core.indexForDate(data.dates, hashDate);
    } catch (e) { /* no location */ }
    if (n) setIndex(start, 'init');

    var api = {
      dates: data.dates.slice(),
      map: map,
      setDate: function (iso) {
        var idx = core.indexForDate(data.dates, iso);
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
      /** Step through every day (on) or only dates with reports; ``lock`` hides the
       *  bar's own "every day" switch (a host page with its own switch, so there is one). */
      setEveryDay: function (on, lock) {
        if (modeBox && lock) modeBox.hidden = true;
        setMode(on ? 'all' : 'reports');
        return mode === 'all';
      },
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

  global.FrontlineMapLib = {init: init};
})(window);
