/* Date panels: the headline, the area chart's marker and the events list,
 * following the map's date in the page (no server round trip).
 *
 * A Streamlit component (components v1 protocol, no npm) written by
 * dashboard/component.py: its index.html inlines date_panels_core.js, this
 * file and date_panels.css; panels.json (dashboard/inpage.py) holds every
 * date's panels. The render args say which part to draw ("summary": headline
 * and chart; "events": the events list) and name the map's component
 * (mapName), whose frame exposes window.frontlineMap (same origin).
 *
 * Article text is only ever set with textContent; the chart is an SVG the
 * server built with every text escaped. The summary part also keeps ?date=
 * in the top page's URL (history.replaceState), so a permalink always holds
 * the date shown.
 */
(function () {
  'use strict';
  var P = window.DatePanelsCore;
  var URL_THROTTLE_MS = 200, FIND_MAP_MS = 50, FIND_MAP_FOR_MS = 120000;
  var AFTER_PAINT_FALLBACK_MS = 100;
  var data = null, args = null, fm = null, host = null, unsubscribe = null;
  var root = document.getElementById('dp-root');
  var showAll = false, shownIso = null, built = false, t0 = Date.now();
  var refs = {};

  function post(type, extra) {
    var msg = {isStreamlitMessage: true, type: type};
    for (var k in extra) { msg[k] = extra[k]; }
    window.parent.postMessage(msg, '*');
  }

  /** A DOM element with a class and text (never HTML). */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  var lastHeight = -1;
  function sizeFrame() {
    var h = Math.ceil(root.getBoundingClientRect().height) + 4;
    if (h !== lastHeight) {
      lastHeight = h;
      post('streamlit:setFrameHeight', {height: h});
    }
  }

  // ---- the summary part: headline (left) and chart (right) ----

  function metric(label, cls) {
    var box = el('div', 'dp-metric');
    box.appendChild(el('div', 'dp-metric-label', label));
    var value = el('div', 'dp-metric-value ' + cls);
    box.appendChild(value);
    return {box: box, value: value};
  }

  function buildSummary() {
    var wrap = el('div', 'dp-summary');
    var left = el('section', 'dp-left');
    left.setAttribute('aria-live', 'polite');
    refs.moved = el('div', 'dp-moved');
    refs.moved.setAttribute('role', 'status');
    refs.date = el('h4', 'dp-date');
    var row = el('div', 'dp-metrics');
    refs.area = metric('Held area (estimate)', 'dp-area');
    refs.basis = metric('Basis', 'dp-basis');
    row.appendChild(refs.area.box);
    row.appendChild(refs.basis.box);
    refs.caption = el('div', 'dp-caption');
    left.appendChild(refs.moved);
    left.appendChild(refs.date);
    left.appendChild(row);
    left.appendChild(refs.caption);
    var right = el('section', 'dp-right');
    right.appendChild(el('div', 'dp-chart-title', 'Area over time'));
    refs.chart = el('div', 'dp-chart-box');
    refs.chart.innerHTML = data.chart.svg;   /* server-built, every text escaped */
    refs.marker = refs.chart.querySelector('.dp-marker');
    right.appendChild(refs.chart);
    right.appendChild(el('div', 'dp-caption',
      'Line: the estimate used for the map (shaded where it is uncertain: a long gap between ' +
      'figures). Points: every area figure weighed, coloured by whose figures they are; the ' +
      'shape says whether a figure was reported, derived from others, implied, or not drawn ' +
      '(hover for the quote and the reason).'));
    wrap.appendChild(left);
    wrap.appendChild(right);
    root.appendChild(wrap);
  }

  function line(parent, text, cls) {
    parent.appendChild(el('div', cls || 'dp-line', text));
  }

  function drawSummary(idx, iso) {
    var h = data.headlines[idx];
    refs.moved.textContent = P.movedNotice(args.moved, iso);
    refs.moved.hidden = !refs.moved.textContent;
    refs.date.textContent = h.dateText;
    refs.area.value.textContent = h.area;
    refs.basis.value.textContent = h.basis;
    refs.basis.box.title = h.basisWhy;
    var cap = refs.caption;
    cap.textContent = '';
    line(cap, data.title + '. The polygon is an estimate derived from reported figures, ' +
      'not a surveyed front line.');
    if (args.figuresNote) line(cap, args.figuresNote, 'dp-line dp-note');
    line(cap, h.area + ' (' + h.areaOther + ') \u00b7 ' + h.basisLabel +
      (h.places ? ' \u00b7 places: ' + h.places : ''));
    line(cap, h.basisWhy);
    h.sources.forEach(function (s) { line(cap, P.quoted(s.quote) + ' \u2014 ' + s.claimant); });
    h.notes.forEach(function (n) { line(cap, '\u26a0 ' + n, 'dp-line dp-warn'); });
    if (refs.marker) {
      var x = String(data.chart.markerX[idx]);
      refs.marker.setAttribute('x1', x);
      refs.marker.setAttribute('x2', x);
    }
  }

  // ---- the events part ----

  function buildEvents() {
    var wrap = el('div', 'dp-events-part');
    var label = el('label', 'dp-toggle');
    var box = el('input');
    box.type = 'checkbox';
    box.className = 'dp-all';
    box.addEventListener('change', function () { showAll = box.checked; redraw(); });
    label.appendChild(box);
    label.appendChild(el('span', null, ' Show all events'));
    refs.head = el('p', 'dp-events-head');
    refs.list = el('ol', 'dp-events');
    wrap.appendChild(label);
    wrap.appendChild(refs.head);
    wrap.appendChild(refs.list);
    root.appendChild(wrap);
    refs.list.addEventListener('click', onShow);
  }

  function eventItem(ev, iso) {
    var li = el('li', 'dp-event');
    var head = el('div', 'dp-event-head');
    if (P.onDate(ev, iso)) head.appendChild(el('span', 'dp-on', '\u25cf '));
    head.appendChild(el('strong', 'dp-when', ev.when));
    head.appendChild(document.createTextNode(' \u00b7 '));
    head.appendChild(el('strong', 'dp-place', ev.place));
    head.appendChild(document.createTextNode(' \u2014 ' + ev.side + ' ' + ev.action + ' \u00b7 '));
    head.appendChild(el('em', 'dp-claimant', ev.claimant));
    li.appendChild(head);
    var body = el('div', 'dp-event-body');
    body.appendChild(el('span', 'dp-quote', P.quoted(ev.quote)));
    body.appendChild(document.createTextNode(' \u2014 ' + ev.source));
    if (ev.link) {
      body.appendChild(document.createTextNode(' \u00b7 '));
      var a = el('a', 'dp-open', 'open');
      a.href = ev.link;          /* a safe http(s) URL (dashboard.views.safe_url) */
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      body.appendChild(a);
    }
    body.appendChild(document.createTextNode(' \u00b7 '));
    if (ev.goto) {
      var show = el('a', 'dp-show', 'Show on map');
      show.href = '#fm-date=' + ev.goto;
      body.appendChild(show);
    } else {
      body.appendChild(el('span', null, 'undated'));
    }
    li.appendChild(body);
    return li;
  }

  function drawEvents(idx, iso) {
    var which = P.listed(data, idx, showAll);
    refs.list.textContent = '';
    if (!data.events.length) {
      refs.head.textContent = 'No control events (captures, withdrawals, fighting at a named ' +
        'place) were found in the articles.';
      return;
    }
    refs.head.textContent = P.eventsHeading(which.length, showAll);
    which.forEach(function (k) { refs.list.appendChild(eventItem(data.events[k], iso)); });
    refs.list.dataset.nearest = String(data.nearestCount);
  }

  /** "Show on map": the map moves at once and is scrolled into view. */
  function onShow(ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a.dp-show') : null;
    if (!a) return;
    ev.preventDefault();
    var iso = P.showDate(a.getAttribute('href'));
    if (!iso || !fm) return;
    if (fm.pause) fm.pause();
    fm.setDate(iso);
    if (host && host.scrollIntoView) {
      var r = host.getBoundingClientRect(), vh = window.parent.innerHeight;
      if (r.top < 0 || r.bottom > vh) host.scrollIntoView({block: 'center', behavior: 'smooth'});
    }
  }

  // ---- following the map ----

  var urlTimer = null, urlAt = 0;
  function writeUrl(iso) {
    if (args.part !== 'summary') return;
    var wait = URL_THROTTLE_MS - (Date.now() - urlAt);
    if (urlTimer) { clearTimeout(urlTimer); urlTimer = null; }
    var write = function () {
      urlAt = Date.now();
      try {
        var loc = window.parent.location, hist = window.parent.history;
        var search = P.withDate(loc.search, iso);
        if (search !== loc.search) hist.replaceState(hist.state, '', loc.pathname + search + loc.hash);
      } catch (e) { /* another origin: the URL stays as it is */ }
    };
    if (wait <= 0) write(); else urlTimer = setTimeout(write, wait);
  }

  function redraw() {
    if (!data || shownIso === null) return;
    var idx = P.dateIndex(data.dates, shownIso);
    if (idx < 0) return;
    if (args.part === 'summary') drawSummary(idx, shownIso);
    else drawEvents(idx, shownIso);
    sizeFrame();
  }

  /* The panels are drawn after the map's next paint: they run on the page's
     main thread too (same origin), and the map's change comes first. */
  var drawPending = false;
  function show(iso) {
    if (!iso) return;
    shownIso = iso;
    if (drawPending) return;
    drawPending = true;
    var done = false;
    var draw = function () {
      if (done) return;
      done = true;
      drawPending = false;
      redraw();
      writeUrl(shownIso);
    };
    requestAnimationFrame(function () { setTimeout(draw, 0); });
    setTimeout(draw, AFTER_PAINT_FALLBACK_MS);   /* no frames drawn (a hidden page) */
  }

  function findMap() {
    if (fm) return;
    var frames;
    try { frames = window.parent.document.querySelectorAll('iframe'); } catch (e) { return; }
    for (var i = 0; i < frames.length; i++) {
      if ((frames[i].title || '').indexOf(args.mapName) < 0) continue;
      var w = null;
      try { w = frames[i].contentWindow; } catch (e) { w = null; }
      if (w && w.frontlineMap) {
        fm = w.frontlineMap;
        host = frames[i];
        unsubscribe = fm.onDateChange(show);
        window.__datePanels = {attached: true, part: args.part};
        show(fm.getDate());
        return;
      }
    }
    if (Date.now() - t0 < FIND_MAP_FOR_MS) setTimeout(findMap, FIND_MAP_MS);
  }

  function start() {
    if (!data || !args || built) return;
    built = true;
    root.dataset.part = args.part;
    if (args.part === 'summary') buildSummary(); else buildEvents();
    show(args.date);          /* the server's date until the map is found */
    findMap();
    if (window.ResizeObserver) new window.ResizeObserver(sizeFrame).observe(root);
  }

  window.addEventListener('pagehide', function () { if (unsubscribe) unsubscribe(); });
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (ev.source !== window.parent || !d || d.type !== 'streamlit:render') return;
    var a = d.args || {};
    var first = args === null;
    args = a;
    if (first) start();
    else if (built) redraw();   /* a new note or notice: the date stays the map's */
  });
  fetch('panels.json', {cache: 'no-cache'}).then(function (r) {
    if (!r.ok) throw new Error('panels.json: HTTP ' + r.status);
    return r.json();
  }).then(function (d) {
    var missing = P.checkPayload(d);
    if (missing.length) throw new Error('date panels: payload lacks ' + missing.join(', '));
    data = d;
    start();
  }).catch(function (e) {
    root.textContent = '';
    root.appendChild(el('div', 'dp-error',
      'The panels could not be loaded; reload the page. (' + e.message + ')'));
    sizeFrame();
  });
  post('streamlit:componentReady', {apiVersion: 1});
  sizeFrame();
}());
