/* Date panels: the pure logic (no DOM), unit-tested in Node (tests/js/panels.test.js).
 *
 * Inlined before date_panels.js into the panels component's page
 * (dashboard/component.py) as window.DatePanelsCore; require()-able in Node.
 */
(function (root, factory) {
  'use strict';
  var core = factory();
  if (typeof module === 'object' && module.exports) module.exports = core;
  else root.DatePanelsCore = core;
}(this, function () {
  'use strict';

  /** The payload's fields (dashboard/_inpage_payload.py, checked by tests/test_inpage.py). */
  var PANEL_SCHEMA = {
    PanelData: ['dates', 'title', 'headlines', 'events', 'nearest', 'nearestCount', 'chart'],
    Headline: ['dateText', 'area', 'areaOther', 'basis', 'basisLabel', 'basisWhy', 'places',
      'sources', 'notes'],
    Source: ['quote', 'claimant'],
    Event: ['start', 'end', 'goto', 'when', 'place', 'side', 'action', 'claimant', 'quote',
      'source', 'link'],
    Chart: ['svg', 'markerX']
  };

  function lacks(obj, name, where, out) {
    PANEL_SCHEMA[name].forEach(function (f) {
      if (!obj || !Object.prototype.hasOwnProperty.call(obj, f)) out.push(where + '.' + f);
    });
  }

  /** The fields the payload lacks, as "Record[i].field" (empty when complete). */
  function checkPayload(data) {
    var out = [];
    lacks(data, 'PanelData', 'PanelData', out);
    if (out.length) return out;
    lacks(data.chart, 'Chart', 'Chart', out);
    data.headlines.forEach(function (h, i) {
      lacks(h, 'Headline', 'Headline[' + i + ']', out);
      (h.sources || []).forEach(function (s, j) { lacks(s, 'Source', 'Source[' + i + '.' + j + ']', out); });
    });
    data.events.forEach(function (e, i) { lacks(e, 'Event', 'Event[' + i + ']', out); });
    if (data.headlines.length !== data.dates.length || data.nearest.length !== data.dates.length ||
        data.chart.markerX.length !== data.dates.length) {
      out.push('PanelData.dates (per-date lists of another length)');
    }
    return out;
  }

  /** Index of the date on or before iso (the first date if earlier); -1 for no dates. */
  function dateIndex(dates, iso) {
    if (!dates.length) return -1;
    var lo = 0, hi = dates.length - 1, best = 0;
    if (typeof iso !== 'string' || iso < dates[0]) return 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (dates[mid] <= iso) { best = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return best;
  }

  /** True when an event's date interval contains iso (undated events never do). */
  function onDate(ev, iso) {
    return !!(ev.start && ev.end && ev.start <= iso && iso <= ev.end);
  }

  /** Indexes of the events listed for date index idx: the nearest few, or all. */
  function listed(data, idx, all) {
    if (all) return data.events.map(function (e, k) { return k; });
    return idx >= 0 ? data.nearest[idx] : [];
  }

  /** The sentence above the events list. */
  function eventsHeading(count, all) {
    return (all ? 'All events' : 'The ' + count + ' event' + (count === 1 ? '' : 's') +
      ' nearest the selected date') + ', by date. \u25cf marks events on the selected date; ' +
      '\u201c(claimed)\u201d marks hedged reports. Show on map moves the map there.';
  }

  /** A quote in curly quotes; one already in quote marks keeps its own. */
  function quoted(text) {
    var t = String(text || '').trim();
    var marks = '"\'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e';
    if (t.length >= 2 && marks.indexOf(t[0]) >= 0 && marks.indexOf(t[t.length - 1]) >= 0) {
      t = t.slice(1, -1).trim();
    }
    return '\u201c' + t + '\u201d';
  }

  /** A query string (location.search) with its date parameter set to iso. Other
   *  parameters keep their order and their spelling. */
  function withDate(search, iso) {
    var parts = String(search || '').replace(/^\?/, '').split('&').filter(function (p) {
      return p !== '';
    });
    var found = false;
    parts = parts.map(function (p) {
      if (p.split('=')[0] === 'date') { found = true; return 'date=' + iso; }
      return p;
    });
    if (!found) parts.push('date=' + iso);
    return '?' + parts.join('&');
  }

  /** The date in a query string (ISO), or null. */
  function dateInSearch(search) {
    var m = /(?:^|[?&])date=(\d{4}-\d{2}-\d{2})(?:&|$)/.exec(String(search || ''));
    return m ? m[1] : null;
  }

  /** The "no estimate for the date asked" notice while the date it chose is shown. */
  function movedNotice(moved, iso) {
    return moved && moved.shown === iso ? moved.text : '';
  }

  /** A date to move the map to, from a "Show on map" link's href ("#fm-date=ISO"). */
  function showDate(href) {
    var m = /^#fm-date=(\d{4}-\d{2}-\d{2})$/.exec(String(href || ''));
    return m ? m[1] : null;
  }

  return {
    PANEL_SCHEMA: PANEL_SCHEMA,
    checkPayload: checkPayload,
    dateIndex: dateIndex,
    onDate: onDate,
    listed: listed,
    eventsHeading: eventsHeading,
    quoted: quoted,
    withDate: withDate,
    dateInSearch: dateInSearch,
    movedNotice: movedNotice,
    showDate: showDate
  };
}));
