// Unit tests of the in-page date panels' pure core (dashboard/static/date_panels_core.js).
// Run: node --test tests/js/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const P = require(path.join(__dirname, '..', '..', 'dashboard', 'static', 'date_panels_core.js'));

const DATES = ['2024-08-20', '2025-03-10', '2025-03-16'];

test('dateIndex: the date on or before, the first when earlier, -1 with no dates', () => {
  assert.equal(P.dateIndex(DATES, '2025-03-10'), 1);
  assert.equal(P.dateIndex(DATES, '2025-03-14'), 1);
  assert.equal(P.dateIndex(DATES, '2030-01-01'), 2);
  assert.equal(P.dateIndex(DATES, '2020-01-01'), 0);
  assert.equal(P.dateIndex(DATES, null), 0);
  assert.equal(P.dateIndex([], '2025-03-10'), -1);
});

test('onDate: inside the event\'s interval only; undated events never', () => {
  const week = {start: '2025-03-10', end: '2025-03-16'};
  assert.equal(P.onDate(week, '2025-03-10'), true);
  assert.equal(P.onDate(week, '2025-03-16'), true);
  assert.equal(P.onDate(week, '2025-03-17'), false);
  assert.equal(P.onDate({start: '', end: ''}, '2025-03-10'), false);
});

test('listed: the nearest few of the date, or every event', () => {
  const data = {events: [{}, {}, {}], nearest: [[0], [0, 1], [1, 2]]};
  assert.deepEqual(P.listed(data, 1, false), [0, 1]);
  assert.deepEqual(P.listed(data, 2, true), [0, 1, 2]);
  assert.deepEqual(P.listed(data, -1, false), []);
});

test('eventsHeading counts the events listed', () => {
  assert.match(P.eventsHeading(1, false), /^The 1 event nearest the selected date, by date\./);
  assert.match(P.eventsHeading(12, false), /^The 12 events nearest/);
  assert.match(P.eventsHeading(3, true), /^All events, by date\./);
});

test('withDate sets ?date= and keeps every other parameter as written', () => {
  assert.equal(P.withDate('', '2025-03-10'), '?date=2025-03-10');
  assert.equal(P.withDate('?date=2024-08-20&units=sqmi', '2025-03-10'),
    '?date=2025-03-10&units=sqmi');
  assert.equal(P.withDate('?figures=analyst,military&daily=true&theater=kursk', '2025-03-10'),
    '?figures=analyst,military&daily=true&theater=kursk&date=2025-03-10');
  assert.equal(P.withDate('?update=1&date=x', '2025-03-10'), '?update=1&date=2025-03-10');
  assert.equal(P.dateInSearch(P.withDate('?units=km2', '2025-03-16')), '2025-03-16');
  assert.equal(P.dateInSearch('?update=2025-03-16'), null);
});

test('movedNotice shows only while the date it chose is shown', () => {
  const moved = {shown: '2025-03-10', text: 'No estimate for 14 Mar 2025; showing 10 Mar 2025.'};
  assert.equal(P.movedNotice(moved, '2025-03-10'), moved.text);
  assert.equal(P.movedNotice(moved, '2025-03-16'), '');
  assert.equal(P.movedNotice(null, '2025-03-10'), '');
});

test('showDate reads only a well-formed "#fm-date=ISO" link', () => {
  assert.equal(P.showDate('#fm-date=2025-03-10'), '2025-03-10');
  assert.equal(P.showDate('#fm-date=2025-03-10x'), null);
  assert.equal(P.showDate('javascript:alert(1)'), null);
  assert.equal(P.showDate(null), null);
});

test('quoted keeps a quote\'s own marks and never doubles them', () => {
  assert.equal(P.quoted('We hold it.'), '\u201cWe hold it.\u201d');
  assert.equal(P.quoted('"We hold it."'), '\u201cWe hold it.\u201d');
  assert.equal(P.quoted('<script>x</script>'), '\u201c<script>x</script>\u201d');
});

test('checkPayload names what a payload lacks', () => {
  const ok = {dates: ['2025-03-10'], title: 't', nearestCount: 12, nearest: [[0]],
    chart: {svg: '<svg/>', markerX: [10]},
    headlines: [{dateText: '', area: '', areaOther: '', basis: '', basisLabel: '', basisWhy: '',
      places: '', sources: [{quote: 'q', claimant: 'c'}], notes: []}],
    events: [{start: '', end: '', goto: '', when: '', place: '', side: '', action: '',
      claimant: '', quote: '', source: '', link: ''}]};
  assert.deepEqual(P.checkPayload(ok), []);
  const bad = JSON.parse(JSON.stringify(ok));
  delete bad.headlines[0].sources[0].claimant;
  bad.chart.markerX = [];
  assert.deepEqual(P.checkPayload(bad), ['Source[0.0].claimant',
    'PanelData.dates (per-date lists of another length)']);
  assert.deepEqual(P.checkPayload({}), ['PanelData.dates', 'PanelData.title',
    'PanelData.headlines', 'PanelData.events', 'PanelData.nearest', 'PanelData.nearestCount',
    'PanelData.chart']);
});
