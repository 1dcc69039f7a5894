// Unit tests of the map page's pure core (geo/static/frontline_core.js).
// Run: node --test tests/js/   (part of `make test`)
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const core = require(path.join(__dirname, '..', '..', 'geo', 'static', 'frontline_core.js'));

// ---- polyline decoding ----

test('decodes the example of Google\'s polyline documentation', () => {
  assert.deepEqual(core.decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@', 5),
    [[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]]);
});

test('decodes what geo.webmap._encode_polyline wrote, to five decimals', () => {
  // webmap._encode_polyline([(35.26412, 51.19633), (35.26399, 51.19634), (34.91522, 51.39101)])
  assert.deepEqual(core.decodePolyline('ahnwHwofvEAXu_e@xbcA'),
    [[51.19633, 35.26412], [51.19634, 35.26399], [51.39101, 34.91522]]);
  // a point south and west of (0, 0): negative deltas
  assert.deepEqual(core.decodePolyline('n}p}@~s`B'), [[-10.25, -0.5]]);
  assert.deepEqual(core.decodePolyline(''), []);
});

test('decodes a polygon with its rings for Leaflet', () => {
  // the sample timeline's last rectangle (35.1-35.3 E, 51.0-51.04 N), sent open
  const rect = core.decodeGeometry([['_}gvH_nfuE?_af@_yF??~`f@']], 5);
  assert.deepEqual(rect, [[[[51, 35.1], [51, 35.3], [51.04, 35.3], [51.04, 35.1]]]]);
});

// ---- formatting ----

test('formats dates (areas come worded from Python)', () => {
  assert.equal(core.formatDate('2025-03-09'), '9 March 2025');
  assert.equal(core.formatShortDate('2024-08-20'), '20 Aug 2024');
  assert.equal(core.formatArea, undefined);
});

// ---- dates and the slider ----

const DATES = ['2024-08-20', '2025-03-10', '2025-03-11', '2025-03-12', '2025-03-16'];

test('a date maps to the timeline date on or before it', () => {
  assert.equal(core.indexForDate(DATES, '2025-03-11'), 2);          // exact
  assert.equal(core.indexForDate(DATES, '2025-03-14'), 3);          // between 12 and 16 March
  assert.equal(core.indexForDate(DATES, '2020-01-01'), 0);          // before all: the first
  assert.equal(core.indexForDate(DATES, '2030-01-01'), 4);          // after all: the last
  assert.equal(core.indexForDate([], '2025-03-11'), -1);
  assert.equal(core.indexForDate(DATES, null), -1);
});

test('the date in a #date= fragment', () => {
  assert.equal(core.dateFromHash('#date=2025-03-10'), '2025-03-10');
  assert.equal(core.dateFromHash('#units=km&date=2025-03-10'), '2025-03-10');
  assert.equal(core.dateFromHash('#date=2025-3-10'), null);
  assert.equal(core.dateFromHash('#update=2025-03-10'), null);
  assert.equal(core.dateFromHash(''), null);
});

test('slider positions run over the report dates only, or every date', () => {
  const reports = core.reportIndices([1, 1, 0, 0, 1]);
  assert.deepEqual(reports, [0, 1, 4]);
  assert.equal(core.sliderCount(5, reports), 3);
  assert.equal(core.sliderCount(5, null), 5);
  assert.equal(core.sliderPosition(4, reports), 2);  // 16 March is the third report
  assert.equal(core.sliderPosition(2, reports), -1); // 11 March has no report
  assert.equal(core.sliderPosition(2, null), 2);
  assert.equal(core.indexAtSlider(2, reports), 4);
  assert.equal(core.indexAtSlider(2, null), 2);
});

test('stepping: through the reports, from a day between them, and clamped', () => {
  const reports = [0, 1, 4];
  assert.equal(core.stepIndex(1, 1, 5, reports), 4);   // 10 March -> 16 March
  assert.equal(core.stepIndex(4, 1, 5, reports), 4);   // at the end: stays
  assert.equal(core.stepIndex(0, -1, 5, reports), 0);  // at the start: stays
  assert.equal(core.stepIndex(2, 1, 5, reports), 4);   // 11 March -> next report
  assert.equal(core.stepIndex(3, -1, 5, reports), 1);  // 12 March -> previous report
  assert.equal(core.stepIndex(2, 1, 5, null), 3);      // every day
  assert.equal(core.stepIndex(4, 1, 5, null), 4);
  assert.equal(core.stepIndex(0, 1, 0, null), -1);     // no dates
  assert.equal(core.stepIndex(2, 1, 5, [0, 1]), -1);   // no report after it
});

test('the end of the slider and snapping to a report', () => {
  assert.equal(core.isAtEnd(4, 5, [0, 1, 4]), true);
  assert.equal(core.isAtEnd(3, 5, [0, 1, 4]), false);
  assert.equal(core.isAtEnd(4, 5, null), true);
  assert.equal(core.snapToList(3, [0, 1, 4]), 1);   // 12 March snaps back to 10 March
  assert.equal(core.snapToList(4, [0, 1, 4]), 4);
  assert.equal(core.snapToList(0, [2, 4]), 2);      // before every report: the first
});

test('place status codes per date', () => {
  const status = ['hh', 'hl', 'cl'];
  assert.equal(core.statusAt(status, 1, 1), 'l');
  assert.equal(core.statusAt(status, 2, 0), 'c');
  assert.equal(core.statusAt(status, -1, 0), 'u');  // no date shown yet
  assert.equal(core.statusAt(status, 0, 5), 'u');   // no such place
  assert.deepEqual(Object.keys(core.STATUS), ['h', 'l', 'c', 'u']);
});

// ---- labels ----

test('boxes that touch do not overlap, boxes that share area do', () => {
  assert.equal(core.boxesOverlap([0, 0, 10, 10], [10, 0, 20, 10]), false);
  assert.equal(core.boxesOverlap([0, 0, 10, 10], [9, 9, 20, 20]), true);
  assert.equal(core.boxesOverlap([0, 0, 10, 10], [0, 11, 10, 20]), false);
});

test('of two overlapping town labels the later (lower priority) one is dropped', () => {
  const towns = [
    {kind: 'town', x: 100, y: 100, w: 60, h: 14, dx: -3, dy: -7, pop: 20000},
    {kind: 'town', x: 130, y: 105, w: 50, h: 14, dx: -3, dy: -7, pop: 5000},
    {kind: 'town', x: 100, y: 200, w: 50, h: 14, dx: -3, dy: -7, pop: 5000}
  ];
  const out = core.placeLabels(towns, [], 10, 2000);
  assert.deepEqual(out.map((r) => r.show), [true, false, true]);
  assert.deepEqual(out[0].box, [97, 93, 157, 107]);
  assert.equal(out[1].box, null);
});

test('a place label blocked on the right moves to the left of its marker', () => {
  const marker = [193, 93, 207, 107];            // another settlement's marker
  const place = {kind: 'place', x: 160, y: 100, w: 40, h: 16, dx: 9, dy: -8};
  const [r] = core.placeLabels([place], [marker], 10, 0);
  assert.equal(r.show, true);
  assert.equal(r.left, true);
  assert.deepEqual(r.box, [111, 92, 151, 108]);
  // with both sides blocked it is not shown
  const [r2] = core.placeLabels([place], [marker, [110, 95, 115, 100]], 10, 0);
  assert.equal(r2.show, false);
});

test('zoom decides which towns and regions are labelled', () => {
  const zoomPopulation = [[7, 200000], [8, 40000], [9, 8000], [10, 2000], [11, 0]];
  assert.equal(core.minPopulation(zoomPopulation, 8), 40000);
  assert.equal(core.minPopulation(zoomPopulation, 8.5), 8000);
  assert.equal(core.minPopulation(zoomPopulation, 12), 0);
  const town = {kind: 'town', x: 0, y: 0, w: 10, h: 10, dx: 0, dy: 0, pop: 5000};
  const region = {kind: 'region', x: 500, y: 0, w: 10, h: 10, dx: 0, dy: 0};
  assert.deepEqual(core.placeLabels([town, region], [], 9, 8000).map((r) => r.show), [false, true]);
  assert.deepEqual(core.placeLabels([town, region], [], 10, 2000).map((r) => r.show), [true, false]);
});

// ---- panels, framing, popups ----

test('the legend folds in embed mode and below the compact width', () => {
  assert.equal(core.isCompact(600, false, 760), true);
  assert.equal(core.isCompact(1100, false, 760), false);
  assert.equal(core.isCompact(1100, true, 760), true);
  assert.equal(core.isCompact(0, false, 760), false);   // not laid out yet
});

test('framing pads beside the panels when wide and below them when narrow', () => {
  const corner = {w: 280, h: 330};
  assert.deepEqual(core.framePadding(1400, 1000, corner, 50, false, false),
    {paddingTopLeft: [60, 20], paddingBottomRight: [304, 94]});
  assert.deepEqual(core.framePadding(600, 700, {w: 220, h: 140}, 50, true, false),
    {paddingTopLeft: [20, 156], paddingBottomRight: [20, 94]});
  // a map too small for the padding keeps at least 120 px to frame in
  assert.deepEqual(core.framePadding(300, 200, {w: 220, h: 140}, 50, true, false),
    {paddingTopLeft: [20, 20], paddingBottomRight: [20, 20]});
});

test('popups are limited to the map: 390 px wide phone and a desktop', () => {
  assert.deepEqual(core.popupLimits(390, 844, 380), {maxWidth: 334, maxHeight: 758, padding: 8});
  assert.deepEqual(core.popupLimits(1400, 1000, 380), {maxWidth: 380, maxHeight: 914, padding: 8});
});

test('the slider bar sits above a wrapped attribution line', () => {
  assert.equal(core.barBottom(16, 30), 30);     // one line on a desktop: the default
  assert.equal(core.barBottom(47.5, 30), 54);   // three lines on a phone
});

test('tiles that fail with none loaded give the offline message', () => {
  assert.equal(core.tileNotice(0, 0), null);
  assert.equal(core.tileNotice(12, 3), null);
  assert.match(core.tileNotice(0, 3), /need an internet connection/);
});

// ---- the payload schema ----

function samplePayload() {
  return {
    data: {
      dates: ['2024-08-20'], hasReport: [1], geometries: [[['_}gvH_nfuE?_af@_yF??~`f@']]],
      geometryIndex: [0], areaKm2: [77.7], areaSqMi: [30], basis: ['reported'],
      areaText: ['78 km² · 30 sq mi'], basisText: ['reported figure'],
      basisWhy: ['The 16 March 2025 figure was reported by X.'],
      dateClaims: [[0]], dateNotes: [[]],
      places: [{name: 'A', resolvedName: 'A', lat: 51, lon: 35, admin: '', locatedBy: 'x, y',
        claimRefs: [0], mentions: [{quote: 'q', source: 's'}]}],
      placeStatus: ['h'],
      claims: [{quote: 'q', claimant: 'c', claimantType: 'analyst', dateText: 'd',
        dateStart: null, source: 's', hedged: 0, negated: 0}],
      unresolvedCount: 0, peak: {date: '2024-08-20'},
      basemap: {regions: [{name: 'R', lat: 51, lon: 35, isTheater: 1}],
        townLabels: [['T', 51.1, 35.2, 5000]], zoomPopulation: [[7, 200000]]},
      bounds: [[51, 35], [51.1, 35.3]]
    },
    opts: {startIndex: 0, showControls: true, embed: false, tiles: false, side: 'Ukraine',
      sideAdjective: 'Ukrainian', theaterName: 'Kursk Oblast', colors: {}, attribution: '',
      credits: [], playIntervalMs: 900, compactWidthPx: 760, coordDecimals: 5}
  };
}

test('a complete payload passes the schema check; missing fields are named', () => {
  const {data, opts} = samplePayload();
  assert.deepEqual(core.checkPayload(data, opts), []);
  delete data.peak;                               // optional
  assert.deepEqual(core.checkPayload(data, opts), []);
  delete data.claims[0].hedged;
  delete data.places[0].mentions[0].source;
  data.basemap.townLabels.push(['short row']);
  assert.deepEqual(core.checkPayload(data, opts),
    ['Claim[0].hedged', 'Place[0].mentions[0].source', 'TownLabel[1] (not a 4-item row)']);
  delete opts.coordDecimals;
  delete data.g;
  assert.deepEqual(core.checkPayload(data, opts), ['MapOptions.coordDecimals']);
});

test('town label rows are named in the schema order', () => {
  assert.deepEqual(core.townLabel(['Sudzha', 51.19, 35.27, 5000]),
    {name: 'Sudzha', lat: 51.19, lon: 35.27, population: 5000});
});

test('quoted: no doubled quote marks', () => {
  assert.equal(core.quoted('We hold it.'), '\u201cWe hold it.\u201d');
  assert.equal(core.quoted('"We hold it."'), '\u201cWe hold it.\u201d');
  assert.equal(core.quoted('\u201cWe hold it.\u201d'), '\u201cWe hold it.\u201d');
  assert.equal(core.quoted('"A," he said.'), '\u201c"A," he said.\u201d');
});
