/* Frontline map core: the page's pure logic (no DOM, no Leaflet).
 *
 * Polyline decoding, date and number formatting, the date index and slider
 * arithmetic, label collision boxes, panel and popup geometry, and the
 * payload schema (the field names geo/_payload.py defines on the Python side).
 *
 * Loaded without a bundler: inlined in the page before frontline_map.js it
 * sets window.FrontlineCore; in Node (tests/js/) require() returns the same
 * object.
 */
(function (root, factory) {
  'use strict';
  var core = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = core;
  } else {
    root.FrontlineCore = core;
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // ---- the payload (Python -> page); kept equal to geo/_payload.py ----

  /** Field names of every payload record, by the TypedDict's name in
   *  geo/_payload.py. TownLabel rows are arrays in this field order. */
  var PAYLOAD_SCHEMA = {
    MapData: ['dates', 'hasReport', 'geometries', 'geometryIndex', 'areaKm2', 'areaSqMi',
      'basis', 'areaText', 'basisText', 'basisWhy', 'dateClaims', 'dateNotes', 'places', 'placeStatus', 'claims',
      'unresolvedCount', 'peak', 'basemap', 'bounds'],
    Claim: ['quote', 'claimant', 'claimantType', 'dateText', 'dateStart', 'source',
      'hedged', 'negated'],
    Place: ['name', 'resolvedName', 'lat', 'lon', 'admin', 'locatedBy', 'claimRefs',
      'mentions'],
    Mention: ['quote', 'source'],
    Peak: ['date'],
    Basemap: ['regions', 'townLabels', 'zoomPopulation'],
    Region: ['name', 'lat', 'lon', 'isTheater'],
    TownLabel: ['name', 'lat', 'lon', 'population'],
    MapOptions: ['startIndex', 'showControls', 'embed', 'tiles', 'side', 'sideAdjective',
      'theaterName', 'colors', 'attribution', 'credits', 'playIntervalMs',
      'compactWidthPx', 'coordDecimals']
  };
  /** Fields that may be absent (MapData.peak: no polygon in the timeline). */
  var OPTIONAL_FIELDS = {MapData: ['peak']};

  /** Per-date place status codes (MapData.placeStatus) and their meaning. */
  var STATUS = {
    h: {key: 'held', label: 'held'},
    l: {key: 'lost', label: 'lost'},
    c: {key: 'contested', label: 'contested'},
    u: {key: 'unknown', label: 'no report yet'}
  };

  function missingFields(record, type, where, out) {
    var optional = OPTIONAL_FIELDS[type] || [];
    if (record === null || typeof record !== 'object') {
      out.push(where + ' (not an object)');
      return;
    }
    PAYLOAD_SCHEMA[type].forEach(function (key) {
      if (!(key in record) && optional.indexOf(key) < 0) out.push(where + '.' + key);
    });
  }

  /**
   * Fields the page needs that the payload lacks.
   * @param {object} data MapData.
   * @param {object} opts MapOptions.
   * @returns {string[]} e.g. ['MapData.dates', 'Claim[3].quote']; empty when complete.
   */
  function checkPayload(data, opts) {
    var out = [];
    missingFields(data, 'MapData', 'MapData', out);
    missingFields(opts, 'MapOptions', 'MapOptions', out);
    if (out.length) return out;
    (data.claims || []).forEach(function (c, i) { missingFields(c, 'Claim', 'Claim[' + i + ']', out); });
    (data.places || []).forEach(function (p, i) {
      missingFields(p, 'Place', 'Place[' + i + ']', out);
      (p.mentions || []).forEach(function (m, j) {
        missingFields(m, 'Mention', 'Place[' + i + '].mentions[' + j + ']', out);
      });
    });
    if (data.peak) missingFields(data.peak, 'Peak', 'Peak', out);
    missingFields(data.basemap, 'Basemap', 'Basemap', out);
    if (data.basemap) {
      (data.basemap.regions || []).forEach(function (r, i) {
        missingFields(r, 'Region', 'Region[' + i + ']', out);
      });
      (data.basemap.townLabels || []).forEach(function (t, i) {
        if (!Array.isArray(t) || t.length !== PAYLOAD_SCHEMA.TownLabel.length) {
          out.push('TownLabel[' + i + '] (not a ' + PAYLOAD_SCHEMA.TownLabel.length + '-item row)');
        }
      });
    }
    return out;
  }

  /** A town label row [name, lat, lon, population] as an object. */
  function townLabel(row) {
    var out = {};
    PAYLOAD_SCHEMA.TownLabel.forEach(function (key, i) { out[key] = row[i]; });
    return out;
  }

  // ---- geometry ----

  /**
   * Decode a Google-encoded polyline.
   * @param {string} str The encoded string.
   * @param {number} [precision=5] Decimal places it was encoded with.
   * @returns {number[][]} [[lat, lon], ...]
   */
  function decodePolyline(str, precision) {
    var factor = Math.pow(10, precision === undefined ? 5 : precision);
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

  /** Decode one MapData.geometries entry ([[outer, hole...], ...] polylines)
   *  into Leaflet's nested [lat, lon] rings. */
  function decodeGeometry(polygons, precision) {
    return polygons.map(function (rings) {
      return rings.map(function (ring) { return decodePolyline(ring, precision); });
    });
  }

  // ---- formatting ----

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  /** '2025-03-09' -> '9 March 2025'. */
  function formatDate(iso) {
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
  }

  /** '2025-03-09' -> '9 Mar 2025'. */
  /** "\u201ctext\u201d"; a quote already in quote marks keeps its own (no doubled marks). */
  var QUOTE_MARKS = '"\'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e';
  function quoted(text) {
    var t = String(text == null ? '' : text).trim();
    if (t.length >= 2 && QUOTE_MARKS.indexOf(t.charAt(0)) >= 0 &&
        QUOTE_MARKS.indexOf(t.charAt(t.length - 1)) >= 0) {
      t = t.slice(1, -1).trim();
    }
    return '\u201c' + t + '\u201d';
  }

  function formatShortDate(iso) {
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1].slice(0, 3) + ' ' + p[0];
  }

  // Areas and how a date's area was chosen are worded in Python (geo/wording.py) and
  // sent as text (MapData.areaText, basisText, basisWhy): one formatter for every surface.

  // ---- dates, the slider and stepping ----
  // A "list" is the subset of date indexes the slider runs over (the report
  // dates); null means every date.

  /** Indexes of the dates with a report (MapData.hasReport is 1). */
  function reportIndices(hasReport) {
    var out = [];
    for (var i = 0; i < hasReport.length; i++) if (hasReport[i]) out.push(i);
    return out;
  }

  /** Index of the date on or before iso (the first date if iso is earlier
   *  than all); -1 for no dates or a non-string. Dates are sorted ISO strings. */
  function indexForDate(dates, iso) {
    if (typeof iso !== 'string' || !dates.length) return -1;
    var best = 0;
    for (var k = 0; k < dates.length; k++) if (dates[k] <= iso) best = k;
    return best;
  }

  /** The date in a '#date=YYYY-MM-DD' URL fragment, or null. */
  function dateFromHash(hash) {
    var m = /(?:^#|&)date=(\d{4}-\d{2}-\d{2})(?:&|$)/.exec(hash || '');
    return m ? m[1] : null;
  }

  /** Slider position of a date index (-1 when the list lacks it). */
  function sliderPosition(index, list) {
    return list ? list.indexOf(index) : index;
  }

  /** Date index at a slider position. */
  function indexAtSlider(position, list) {
    return list ? list[position] : position;
  }

  /** Number of slider positions. */
  function sliderCount(n, list) {
    return list ? list.length : n;
  }

  /**
   * The date index one step (delta = +1 / -1) from cur.
   * With a list, steps through it; from a date not in the list, goes to the
   * next (or previous) listed date. Clamped at the ends.
   * @returns {number} the new index, or -1 when there is nowhere to go.
   */
  function stepIndex(cur, delta, n, list) {
    if (!list) return n ? Math.min(Math.max(cur + delta, 0), n - 1) : -1;
    var p = list.indexOf(cur), k;
    if (p >= 0) return list[Math.min(Math.max(p + delta, 0), list.length - 1)];
    if (delta > 0) {
      for (k = 0; k < list.length; k++) if (list[k] > cur) return list[k];
    } else {
      for (k = list.length - 1; k >= 0; k--) if (list[k] < cur) return list[k];
    }
    return -1;
  }

  /** True when cur is the last date the slider reaches. */
  function isAtEnd(cur, n, list) {
    return list ? cur === list[list.length - 1] : cur === n - 1;
  }

  /** The listed index at or before cur (the first listed one if none is). */
  function snapToList(cur, list) {
    var snap = list[0];
    list.forEach(function (r) { if (r <= cur) snap = r; });
    return snap;
  }

  /** Status code of place k on date index d ('u' when unknown). */
  function statusAt(placeStatus, d, k) {
    if (d < 0 || !placeStatus[d]) return 'u';
    return placeStatus[d].charAt(k) || 'u';
  }

  // ---- labels ----

  /** Smallest town population labelled at zoom z (zoomPopulation is
   *  [[maxZoom, minPopulation], ...], ascending). */
  function minPopulation(zoomPopulation, z) {
    for (var k = 0; k < zoomPopulation.length; k++) {
      if (z <= zoomPopulation[k][0]) return zoomPopulation[k][1];
    }
    return 0;
  }

  /** Boxes are [left, top, right, bottom]; touching edges do not overlap. */
  function boxesOverlap(a, b) {
    return a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
  }

  /** Whether a label of this kind is wanted at zoom z before collisions. */
  function labelWanted(item, z, minPop) {
    if (item.kind === 'place') return true;
    if (item.kind === 'region') return z <= 9.5;
    return item.pop >= minPop;
  }

  /**
   * Greedy label placement: each label, in priority order, is shown where
   * its box overlaps no obstacle and no label already shown. A place label
   * that does not fit right of its marker tries the left side.
   * @param {object[]} items {kind, x, y, w, h, dx, dy, pop}: anchor (x, y),
   *   size, and the box's offset from the anchor (right-hand placement).
   * @param {number[][]} obstacles Boxes to keep clear (the markers).
   * @param {number} z Zoom.
   * @param {number} minPop Smallest town population wanted.
   * @returns {object[]} per item {show, left, box}.
   */
  function placeLabels(items, obstacles, z, minPop) {
    var taken = obstacles.slice();
    function free(b) {
      for (var k = 0; k < taken.length; k++) if (boxesOverlap(b, taken[k])) return false;
      return true;
    }
    return items.map(function (it) {
      var res = {show: false, left: false, box: null};
      if (!labelWanted(it, z, minPop)) return res;
      var b = [it.x + it.dx, it.y + it.dy, it.x + it.dx + it.w, it.y + it.dy + it.h];
      if (free(b)) {
        res.show = true;
      } else if (it.kind === 'place') {
        b = [it.x - it.dx - it.w, b[1], it.x - it.dx, b[3]];
        res.show = res.left = free(b);
      }
      if (res.show) {
        res.box = b;
        taken.push(b);
      }
      return res;
    });
  }

  // ---- panels, framing, popups ----

  /** The legend folds into a button in embed mode and below compactPx. */
  function isCompact(width, embed, compactPx) {
    return !!embed || (width > 0 && width < (compactPx || 760));
  }

  /**
   * fitBounds padding that keeps the framed area clear of the top-right
   * panels (corner: their stack's size) and the slider bar.
   * @returns {{paddingTopLeft: number[], paddingBottomRight: number[]}}
   */
  function framePadding(w, h, corner, barHeight, compact, embed) {
    var bottom = barHeight ? barHeight + 44 : 30;
    var tl, br;
    if (compact || w - corner.w < 0.55 * w) {   // narrow: the area goes below the panels
      tl = [20, corner.h + 16];
      br = [20, bottom];
    } else {                                     // wide: beside them
      tl = [embed ? 20 : 60, 20];
      br = [corner.w + 24, bottom];
    }
    // never pad away more than the map has (fitBounds would give NaN)
    if (w - tl[0] - br[0] < 120) { tl[0] = br[0] = Math.max(0, Math.min(20, (w - 120) / 2)); }
    if (h - tl[1] - br[1] < 120) { tl[1] = br[1] = Math.max(0, Math.min(20, (h - 120) / 2)); }
    return {paddingTopLeft: tl, paddingBottomRight: br};
  }

  /** Popup margin from the map's edges (px). */
  var POPUP_MARGIN = 8;

  /**
   * Size limits for a popup in a w x h map, so that it fits inside it.
   * Leaflet adds about 40 px around the content width (padding, close
   * button) and 70 px to the content height (padding, tip, margins).
   * @returns {{maxWidth: number, maxHeight: number, padding: number}}
   */
  function popupLimits(w, h, preferredWidth) {
    return {
      maxWidth: Math.max(120, Math.min(preferredWidth, w - 2 * POPUP_MARGIN - 40)),
      maxHeight: Math.max(100, h - 2 * POPUP_MARGIN - 70),
      padding: POPUP_MARGIN
    };
  }

  /**
   * Distance of the slider bar from the map's bottom edge: above the
   * attribution line (which wraps to several lines on a phone), and never
   * lower than the desktop default.
   */
  function barBottom(attributionHeight, minimum) {
    return Math.max(minimum, Math.ceil(attributionHeight) + 6);
  }

  /** The message to show about web tiles, given how many loaded and failed
   *  since they were switched on; null while none failed or some loaded. */
  function tileNotice(loaded, failed) {
    if (failed > 0 && loaded === 0) {
      return 'Web tiles could not be loaded: they need an internet connection. ' +
        'The places and areas are drawn without them.';
    }
    return null;
  }

  return {
    PAYLOAD_SCHEMA: PAYLOAD_SCHEMA,
    OPTIONAL_FIELDS: OPTIONAL_FIELDS,
    STATUS: STATUS,
    checkPayload: checkPayload,
    townLabel: townLabel,
    decodePolyline: decodePolyline,
    decodeGeometry: decodeGeometry,
    formatDate: formatDate,
    formatShortDate: formatShortDate,
    quoted: quoted,
    reportIndices: reportIndices,
    indexForDate: indexForDate,
    dateFromHash: dateFromHash,
    sliderPosition: sliderPosition,
    indexAtSlider: indexAtSlider,
    sliderCount: sliderCount,
    stepIndex: stepIndex,
    isAtEnd: isAtEnd,
    snapToList: snapToList,
    statusAt: statusAt,
    minPopulation: minPopulation,
    boxesOverlap: boxesOverlap,
    placeLabels: placeLabels,
    isCompact: isCompact,
    framePadding: framePadding,
    popupLimits: popupLimits,
    barBottom: barBottom,
    tileNotice: tileNotice
  };
}));
