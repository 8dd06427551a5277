// The command wall (/wall): a fixed 1920×1080 stage scaled to the screen, fed by the figures
// topics and events.live of the district. It never asks for a click: the live module reconnects
// and resyncs by itself, and the screen says plainly when its data are stale.
import { openScreen } from './page.js';
import { t } from './i18n.js';
import { clock, countdown, dateTime, el, percent, startOfToday } from './format.js';
import { getJson } from './session.js';
import { reference } from './ref.js';
import { districtMap } from './charts/district-map.js';
import { barChart, trendChart } from './charts/figures.js';
import { domainPanels } from './domains.js';

const SCOPE = '371502';
const STALE_AFTER_MS = 10_000; // no new asOf for this long: the figures are stale
const stage = document.getElementById('stage');

function fit() {
  const scale = Math.min(innerWidth / 1920, innerHeight / 1080);
  stage.style.transform = `scale(${scale})`;
  stage.style.left = `${(innerWidth - 1920 * scale) / 2}px`;
  stage.style.top = `${(innerHeight - 1080 * scale) / 2}px`;
}
addEventListener('resize', fit);
fit();

let connected = false;
let lastBeat = 0;
let staleSince = null;
function checkStale() {
  const stale = !connected || (lastBeat > 0 && Date.now() - lastBeat > STALE_AFTER_MS);
  if (stale && !staleSince) staleSince = new Date();
  if (!stale) staleSince = null;
  document.body.dataset.stale = String(stale);
  document.getElementById('stale').hidden = !stale;
  document.getElementById('stale-since').textContent = staleSince ? `(${clock(staleSince)})` : '';
}

// the clock runs from the start: a wall waiting for the server still tells the time
const tick = () => (document.getElementById('clock').textContent = clock());
tick();
setInterval(tick, 1000);

const { client } = await openScreen({
  onState: ({ state }) => {
    connected = state === 'connected';
    checkStale();
  },
});
const ref = await reference();

setInterval(() => {
  checkStale();
  renderBoard();
}, 1000);

function beat(asOf) {
  if (!asOf) return;
  lastBeat = Date.now();
  document.getElementById('as-of').textContent = dateTime(asOf);
  checkStale();
}

// today's figures
const FIGURES = [
  ['reported', (o) => o.reported],
  ['dispatched', (o) => o.dispatched],
  ['resolved', (o) => o.resolved],
  ['closed', (o) => o.closed],
  ['open', (o) => o.open],
  ['overdue', (o) => o.overdue, 'warn'],
  ['on-time', (o) => percent(o.onTimeRate)],
  ['satisfaction', (o) => (o.avgSatisfaction ? o.avgSatisfaction.toFixed(2) : '—')],
];
function renderToday(o) {
  document.getElementById('today').replaceChildren(
    ...FIGURES.map(([key, value, cls]) => {
      const fig = el('div', `figure ${cls ?? ''}`);
      fig.dataset.figure = key;
      fig.append(el('span', 'value', value(o) ?? 0), el('span', 'label', t(key)));
      return fig;
    }),
  );
}
client.watch('overview', SCOPE, (o) => {
  renderToday(o);
  beat(o.asOf);
});

// trend, ranking, map
const trend = trendChart(document.getElementById('trend'), t('reported'));
client.watch('events.trend', SCOPE, (s) => {
  trend.render(s);
  beat(s.asOf);
});
const map = districtMap(document.getElementById('map'), { towns: ref.towns, townName: ref.town });
const ranking = barChart(document.getElementById('ranking'), '#36cfc9');
client.watch('hotspots', SCOPE, (h) => {
  map.hotspots(h);
  const towns = Object.entries(h.children ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 10);
  ranking.render(towns.map(([code, n]) => [ref.town(code), n]));
  beat(h.asOf);
});

// the category mix of today: one count per category from the search, kept up to date by the
// live reports between two counts
const mix = barChart(document.getElementById('mix'), '#597ef7');
let mixCounts = new Map();
const renderMix = () =>
  mix.render([...mixCounts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => [ref.category(c), n]));
async function countMix() {
  const from = encodeURIComponent(startOfToday());
  try {
    const counts = await Promise.all(
      ref.categories.map(async (c) => [c.code, (await getJson(`/api/v1/events?from=${from}&category=${c.code}&size=1`)).total]),
    );
    mixCounts = new Map(counts);
    renderMix();
  } catch {
    // the search is down: the live counts stay, the next round tries again
  }
}
countMix();
setInterval(countMix, 60_000);

// the latest reports and the pulses
const latest = document.getElementById('latest');
function addLatest(event, fresh) {
  if (latest.querySelector(`li[data-id="${CSS.escape(event.id)}"]`)) return;
  const li = el('li', fresh ? 'new' : '');
  li.dataset.id = event.id;
  li.append(el('time', '', clock(new Date(event.reportedAt))), el('span', 'title', event.title), el('span', 'cat', ref.category(event.category)));
  latest.prepend(li);
  while (latest.children.length > 12) latest.lastElementChild.remove();
}
client.subscribe('events.live', SCOPE, {
  onSnapshot: (data) => {
    latest.replaceChildren();
    [...(data.events ?? [])].slice(0, 12).reverse().forEach((e) => addLatest(e, false));
  },
  onDelta: (data) => {
    const events = data.events ?? [];
    if (events.length === 0) return;
    // the list first (a DOM change painted at once), the canvases a moment later
    events.forEach((event) => addLatest(event, true));
    setTimeout(() => {
      const today = new Date(startOfToday());
      for (const event of events) {
        map.pulse(event);
        if (new Date(event.reportedAt) >= today) mixCounts.set(event.category, (mixCounts.get(event.category) ?? 0) + 1);
      }
      renderMix();
    }, 50);
  },
});

// the open whistles, nearest deadline first, counting down
let board = { whistles: {} };
function renderBoard() {
  const list = document.getElementById('board');
  const whistles = Object.values(board.whistles ?? {}).sort((a, b) => (a.deadline ?? '9') < (b.deadline ?? '9') ? -1 : 1).slice(0, 14);
  document.getElementById('board-total').textContent = board.total ?? '';
  if (whistles.length === 0) {
    list.replaceChildren(el('li', 'empty', t('board.empty')));
    return;
  }
  list.replaceChildren(
    ...whistles.map((w) => {
      const li = el('li');
      li.dataset.id = w.id;
      li.dataset.status = w.status;
      const left = countdown(w.deadline, w.card);
      const timer = el('span', 'left', left.text);
      timer.dataset.level = left.level;
      li.append(el('span', 'title', w.title), timer, el('span', 'sub', `${ref.town(w.townCode)} · ${ref.department(w.department)} · ${w.status}`));
      return li;
    }),
  );
}
client.watch('dispatch.board', SCOPE, (b) => {
  board = b;
  renderBoard();
  beat(b.asOf);
});

// the alert banner: red cards and surges
client.watch('alerts', SCOPE, (a) => {
  const items = [
    ...Object.values(a.red ?? {}).map((r) => {
      const item = el('span', 'item red', `${t('alert.red')} · ${ref.town(r.townCode)} · ${r.title}`);
      item.dataset.id = r.id;
      return item;
    }),
    ...Object.values(a.surges ?? {}).map((s) =>
      el('span', 'item surge', `${t('alert.surge')} · ${s.kind === 'town' ? ref.town(s.code) : s.code} · ${ref.category(s.category)} ${s.count}`),
    ),
  ];
  document.getElementById('alert-items').replaceChildren(...(items.length ? items : [el('span', 'muted', t('no-alerts'))]));
  beat(a.asOf);
});

// mediation, projects, reading: one adapter, "no data yet" until their topics exist
const domains = document.getElementById('domains');
domainPanels(client, SCOPE, {
  mediation: document.getElementById('domain-mediation'),
  projects: document.getElementById('domain-projects'),
  reading: document.getElementById('domain-reading'),
});

// ?rotate=N: one domain panel at a time, changing every N seconds (for smaller walls)
const rotate = Number(new URLSearchParams(location.search).get('rotate'));
if (rotate > 0) {
  domains.classList.add('rotating');
  const panels = [...domains.children];
  let shown = 0;
  const show = () => panels.forEach((p, i) => (p.hidden = i !== shown));
  show();
  setInterval(() => {
    shown = (shown + 1) % panels.length;
    show();
  }, rotate * 1000);
}
