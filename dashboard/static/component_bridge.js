/* frontline-map: Streamlit component bridge (components v1 protocol, no npm).
 *
 * Inlined into the component's index.html by dashboard/component.py, which
 * puts the settings on <body>: data-debounce-ms (delay before a date change
 * is reported) and data-height (initial frame height, px).
 *
 * Announces itself at once and loads the map (map.html, same origin) as an
 * inner srcdoc frame straight away: the map lays itself out when the frame
 * is shown. The protocol is described in dashboard/component.py.
 */
(function () {
  "use strict";
  var DEBOUNCE_MS = +document.body.getAttribute("data-debounce-ms");
  var lastSeq = null, reportTimer = null, lastReported = null, count = 0;
  var height = +document.body.getAttribute("data-height");
  var pending = null, fm = null, frame = null, readySent = false;
  var READY_FALLBACK_MS = 8000, t0 = Date.now(), everyDay, filling = false;
  /* report the date to the app (args.report): off in the in-page design while
     nothing on the server follows the date (the page's panels do, with no rerun) */
  var reporting = true;
  /* The embed view: the map takes the window's height below the frame's top,
     so it fits whatever height the embedding iframe has (title, slider and
     credits inside it). */
  function fill() {
    var host = window.frameElement;
    if (!host) { return; }
    var resize = function () {
      /* what the page shows under the frame (gaps, padding) stays the same
         as the frame grows: leave room for it */
      var block = window.parent.document.querySelector("[data-testid=stMainBlockContainer]");
      var r = host.getBoundingClientRect();
      var below = block ? Math.max(0, block.getBoundingClientRect().bottom - r.bottom) : 0;
      var h = Math.floor(window.parent.innerHeight - r.top - below) - 1;
      h = Math.max(h, 240);
      if (Math.abs(h - height) > 1) {
        height = h;
        post("streamlit:setFrameHeight", {height: height});
      }
    };
    resize();
    if (!filling) {
      filling = true;
      window.parent.addEventListener("resize", resize);
      setTimeout(resize, 300);
    }
  }
  function post(type, extra) {
    var msg = {isStreamlitMessage: true, type: type};
    for (var k in extra) { msg[k] = extra[k]; }
    window.parent.postMessage(msg, "*");
  }
  function report(iso) {
    if (reportTimer) { clearTimeout(reportTimer); reportTimer = null; }
    if (!reporting) { lastReported = iso; return; }   /* the page's URL holds it */
    reportTimer = setTimeout(function () {
      reportTimer = null;
      if (iso === lastReported) { return; }
      lastReported = iso;
      count += 1;
      post("streamlit:setComponentValue", {value: {date: iso, n: count}, dataType: "json"});
    }, DEBOUNCE_MS);
  }
  function apply(args) {
    if (args.report !== undefined) { reporting = !!args.report; }
    if (!args.fill && args.height && args.height !== height) {
      height = args.height;
      post("streamlit:setFrameHeight", {height: height});
    }
    if (args.fill) { fill(); }
    if (!fm) { pending = args; return; }
    if (fm.setEveryDay && args.everyDay !== undefined && args.everyDay !== everyDay) {
      everyDay = args.everyDay;
      fm.setEveryDay(!!everyDay, true);
    }
    if (args.seq !== lastSeq) {
      lastSeq = args.seq;
      if (args.date && fm.getDate() !== args.date) {
        lastReported = args.date;   /* the app already knows this date */
        fm.setDate(args.date);
      }
    }
  }
  function ready(iso) {
    /* First report (n = 0): the map is drawn, so the app may now add the
       panels it held back to leave the first paint to the map. */
    if (readySent) { return; }
    readySent = true;
    lastReported = iso;
    post("streamlit:setComponentValue", {value: {date: iso, n: 0, ready: true},
                                         dataType: "json"});
  }
  function attach() {
    if (fm) { return; }
    var w = frame.contentWindow;
    if (!w || !w.frontlineMap) {
      if (Date.now() - t0 < READY_FALLBACK_MS) { setTimeout(attach, 15); }
      return;
    }
    fm = w.frontlineMap;
    window.frontlineMap = fm;
    fm.onDateChange(report);
    window.__frontlineBridge = {ready: true, frame: frame};
    if (pending) { var a = pending; pending = null; apply(a); }
    /* after the next paint, so the polygon is on screen first (or soon,
       if the frame is still hidden and paints nothing) */
    var fire = function () { ready(fm.getDate()); };
    requestAnimationFrame(function () { setTimeout(fire, 0); });
    setTimeout(fire, 250);
  }
  /* "Show on map" links in the app's events list (href "#fm-date=ISO", see
     dashboard/panels.py): the map moves at once, in the page, and is scrolled
     into view; its report then moves the other panels like a slider move. */
  var SHOW = "#fm-date=";
  function onShow(ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href^='" + SHOW + "']") : null;
    if (!a) { return; }
    ev.preventDefault();
    var iso = a.getAttribute("href").slice(SHOW.length);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !fm) { return; }
    if (fm.pause) { fm.pause(); }
    fm.setDate(iso);
    var host = window.frameElement;
    if (host && host.scrollIntoView) {
      var r = host.getBoundingClientRect(), vh = window.parent.innerHeight;
      if (r.top < 0 || r.bottom > vh) { host.scrollIntoView({block: "center", behavior: "smooth"}); }
    }
  }
  try {
    window.parent.document.addEventListener("click", onShow, true);
    window.addEventListener("pagehide", function () {
      window.parent.document.removeEventListener("click", onShow, true);
    });
  } catch (e) { /* another origin: the links just do nothing */ }
  /* The map failed to come up: let the app show its other panels anyway. */
  setTimeout(function () { if (!fm) { ready(null); } }, READY_FALLBACK_MS);
  /* The map, fetched at once (in parallel with Streamlit's handshake). */
  frame = document.createElement("iframe");
  frame.id = "frontline-map-frame";
  frame.name = "frontline-map";
  frame.title = "Interactive map";
  frame.addEventListener("load", attach);
  document.body.appendChild(frame);
  fetch("map.html", {cache: "no-cache"}).then(function (r) {
    if (!r.ok) { throw new Error("map.html: HTTP " + r.status); }
    return r.text();
  }).then(function (text) { frame.srcdoc = text; }, function () {
    frame.src = "map.html";   /* let the frame show the server's answer */
  });
  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (ev.source !== window.parent || !d || d.type !== "streamlit:render") { return; }
    apply(d.args || {});
  });
  post("streamlit:componentReady", {apiVersion: 1});
  post("streamlit:setFrameHeight", {height: height});
})();
