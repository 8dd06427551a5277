// The department's console (/dept): its own whistles by time left, counting down, with the steps
// it takes (sign, return with a reason, progress, resolve), an alert seen and heard when a new
// whistle arrives, and its own on-time rate and satisfaction. It follows events.live of the
// district, which the server cuts to the department's own events: a step taken on one of them
// (a whistle blown to it, above all) arrives at once; the queue is read again after it, and every
// few seconds as a fallback (often while the socket is down).
import { openScreen } from './page.js';
import { statusName, t } from './i18n.js';
import { countdown, dateTime, el, percent } from './format.js';
import { getJson } from './session.js';
import { reference } from './ref.js';
import { stepForms } from './actions.js';

const DISTRICT = '371502';
const QUEUED = new Set(['dispatched', 'signed', 'in_progress', 'suspended']);
const POLL_LIVE_MS = 15_000; // while the live socket is connected: a safety net only
const POLL_DOWN_MS = 3000; // while it is not
const INDEX_REFRESH_MS = 1200; // a step is in the queue's search once the index has refreshed
let connected = false;
const { user, client } = await openScreen({ onState: ({ state }) => (connected = state === 'connected') });
const ref = await reference();
const code = user.dept;
document.getElementById('dept-name').textContent = ref.department(code);

const STEPS = { dispatched: ['sign', 'return'], signed: ['progress', 'resolve'], in_progress: ['progress', 'resolve'] };
let known = null; // ids seen, to tell a new whistle
let queue = [];
let openForms = new Set();

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
    tone.onended = () => audio.close();
  } catch {
    // no audio device: the visible alert stays
  }
}

function alertNew(events) {
  const banner = document.getElementById('new-whistle');
  document.getElementById('new-title').textContent = events.map((e) => e.title).join(' · ');
  banner.hidden = false;
  banner.classList.remove('flash');
  void banner.offsetWidth;
  banner.classList.add('flash');
  beep();
  document.title = `(${events.length}) ${t('dept.new')} GridPulse`;
}
document.getElementById('new-whistle').addEventListener('click', (e) => {
  e.currentTarget.hidden = true;
  document.title = 'GridPulse';
});

function renderQueue() {
  const list = document.getElementById('queue');
  if (queue.length === 0) {
    list.replaceChildren(el('li', 'empty', t('dept.empty')));
    return;
  }
  const now = Date.now();
  // keep the forms someone is typing in: rebuild only what changed
  const existing = new Map([...list.children].map((li) => [li.dataset.id, li]));
  const items = queue.map((e) => {
    let li = existing.get(e.id);
    if (!li || li.dataset.version !== String(e.version)) li = card(e);
    const left = countdown(e.deadline, e.card, now);
    const timer = li.querySelector('.left');
    timer.textContent = e.paused ? '⏸' : left.text;
    timer.dataset.level = e.paused ? 'ok' : left.level;
    return li;
  });
  list.replaceChildren(...items);
}

function card(e) {
  const li = el('li', 'whistle');
  li.dataset.id = e.id;
  li.dataset.version = e.version;
  li.dataset.status = e.status;
  li.tabIndex = 0;
  const head = el('div', 'head');
  head.append(el('span', 'title', e.title), el('span', 'left'));
  const sub = el('div', 'sub', `${ref.category(e.category)} · ${ref.town(e.townCode)} · ${statusName(e.status)} · ${t('deadline')} ${dateTime(e.deadline)}`);
  const actions = el('div', 'actions');
  const result = el('p', 'result');
  result.setAttribute('role', 'status');
  stepForms(actions, e, STEPS[e.status] ?? [], ref, () => load(), result);
  li.append(head, sub, actions, result);
  return li;
}

// whistles that came live and that the queue's search may not find yet (the index refreshes each
// second): id -> {event, until}
const arriving = new Map();

/** Alerts for the whistles not seen before (none on the first reading: those were there). */
function announce(events) {
  if (!known) return;
  const fresh = events.filter((e) => !known.has(e.id));
  for (const e of fresh) known.add(e.id);
  if (fresh.length) alertNew(fresh);
}

async function load() {
  try {
    const page = await getJson(`/api/v1/departments/${encodeURIComponent(code)}/queue?size=200`);
    // count down from the server's time left (the browser's clock may be off)
    const read = page.events.map((e) => (typeof e.timeLeftSeconds === 'number' ? { ...e, deadline: new Date(Date.now() + e.timeLeftSeconds * 1000).toISOString() } : e));
    const found = new Set(read.map((e) => e.id));
    const now = Date.now();
    for (const [id, a] of arriving) if (found.has(id) || a.until < now) arriving.delete(id);
    const early = [...arriving.values()].map((a) => a.event);
    queue = [...early, ...read];
    document.getElementById('queue-total').textContent = page.total + early.length;
    if (known) announce(queue);
    else known = new Set(queue.map((e) => e.id));
    renderQueue();
    document.body.dataset.loaded = 'true';
  } catch {
    // the server is away: the countdowns go on, the next reading tries again
  }
}

let reloadTimer = null;
function loadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(load, INDEX_REFRESH_MS);
}

/** A step taken on one of the department's events: a new whistle is shown and alerted at once. */
async function changed(change) {
  if (QUEUED.has(change.to) && !queue.some((e) => e.id === change.id)) {
    try {
      const e = await getJson(`/api/v1/events/${encodeURIComponent(change.id)}`); // read in real time
      if (e.department === code && QUEUED.has(e.status) && !queue.some((q) => q.id === e.id)) {
        arriving.set(e.id, { event: e, until: Date.now() + 10_000 });
        queue = [e, ...queue];
        announce([e]);
        renderQueue();
      }
    } catch {
      // the reading that follows shows it
    }
  }
  loadSoon();
}

client.subscribe('events.live', DISTRICT, {
  onSnapshot: () => loadSoon(), // (re)connected: what happened meanwhile is in the queue
  onDelta: (data) => {
    if (data.change) changed(data.change);
    else loadSoon();
  },
});

async function loadPerformance() {
  try {
    const p = await getJson(`/api/v1/departments/${encodeURIComponent(code)}/performance`);
    const figures = [
      ['n.dispatched', p.dispatched],
      ['n.resolved', p.resolved],
      ['on-time', percent(p.onTimeRate)],
      ['satisfaction', p.avgSatisfaction ? p.avgSatisfaction.toFixed(2) : '—'],
      ['n.overdue', p.openOverdue ?? 0],
    ];
    document.getElementById('perf').replaceChildren(
      ...figures.map(([k, v]) => {
        const fig = el('div', 'figure');
        fig.dataset.figure = k;
        fig.append(el('span', 'value', v ?? 0), el('span', 'label', t(k)));
        return fig;
      }),
    );
  } catch {
    // retried on the next round
  }
}

await load();
loadPerformance();
let lastPoll = Date.now();
setInterval(() => {
  if (Date.now() - lastPoll >= (connected ? POLL_LIVE_MS : POLL_DOWN_MS)) {
    lastPoll = Date.now();
    load();
  }
}, 1000);
setInterval(loadPerformance, 30_000);
setInterval(renderQueue, 1000);
