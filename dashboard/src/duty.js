// The duty desk (/duty): the map and the drill-down (district → town → village → grid) beside the
// events of the scope, filtered; the list follows events.live; an event opens with its timeline
// and the steps the desk takes. The screen's place (scope, filters, open event) is in the URL, so
// a reload or a new sign-in returns to it.
import { openScreen } from './page.js';
import { levelName, statusName, t } from './i18n.js';
import { countdown, dateTime, el, startOfToday } from './format.js';
import { getJson } from './session.js';
import { reference } from './ref.js';
import { districtMap } from './charts/district-map.js';
import { stepForms } from './actions.js';

const DISTRICT = '371502';
const STATUSES = ['reported', 'triaged', 'dispatched', 'signed', 'in_progress', 'suspended', 'returned', 'reopened', 'resolved', 'visited', 'closed'];
const OPEN = new Set(['reported', 'triaged', 'dispatched', 'signed', 'in_progress', 'suspended', 'returned', 'reopened']);

const { user, client } = await openScreen();
const ref = await reference();
const isTown = (user.roles ?? []).includes('town') && !(user.roles ?? []).includes('duty');
const root = isTown ? user.town : DISTRICT;

// --- the screen's place, in the URL
function place() {
  const p = new URLSearchParams(location.search);
  let scope = p.get('scope') ?? root;
  if (!scope.startsWith(root) || !/^371502(\d{3}){0,3}$/.test(scope)) scope = root;
  return {
    scope,
    category: p.get('category') ?? '',
    status: p.get('status') ?? '',
    level: p.get('level') ?? '',
    range: p.get('range') ?? 'all',
    overdue: p.get('overdue') === 'true',
    event: p.get('event') ?? '',
  };
}
function go(changes, replace = false) {
  const next = { ...place(), ...changes };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v && !(k === 'range' && v === 'all') && !(k === 'scope' && v === root)) p.set(k, v);
  const url = `${location.pathname}${p.size ? `?${p}` : ''}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}
addEventListener('popstate', () => render());

// --- filters
function options(selectEl, pairs) {
  selectEl.replaceChildren(
    ...pairs.map(([value, text]) => {
      const o = el('option', '', text);
      o.value = value;
      return o;
    }),
  );
}
options(document.getElementById('f-category'), [['', t('all')], ...ref.categories.map((c) => [c.code, ref.category(c.code)])]);
options(document.getElementById('f-status'), [['', t('all')], ...STATUSES.map((s) => [s, statusName(s)])]);
options(document.getElementById('f-level'), [['', t('all')], ...['grid', 'town', 'district'].map((l) => [l, levelName(l)])]);
options(document.getElementById('f-range'), ['today', '7d', '30d', 'all'].map((r) => [r, t(`range.${r}`)]));
const filters = document.getElementById('filters');
filters.addEventListener('change', () => {
  const f = new FormData(filters);
  go({ category: f.get('category'), status: f.get('status'), level: f.get('level'), range: f.get('range'), overdue: f.get('overdue') ? 'true' : '', event: '' });
});
function syncFilters(p) {
  filters.category.value = p.category;
  filters.status.value = p.status;
  filters.level.value = p.level;
  filters.range.value = p.range;
  filters.overdue.checked = p.overdue;
}
function query(p) {
  const q = new URLSearchParams({ scope: p.scope });
  if (p.category) q.set('category', p.category);
  if (p.status) q.set('status', p.status);
  if (p.level) q.set('level', p.level);
  if (p.overdue) q.set('overdue', 'true');
  const days = { today: 0, '7d': 7, '30d': 30 }[p.range];
  if (days === 0) q.set('from', startOfToday());
  else if (days) q.set('from', new Date(Date.now() - days * 86400_000).toISOString());
  return q;
}

// --- the breadcrumb and the children
const names = new Map([[DISTRICT, t('district')]]);
async function nameOf(code) {
  if (!names.has(code)) {
    try {
      const d = code.length === 15 ? await getJson(`/api/v1/grids/${code}`) : await getJson(`/api/v1/divisions/${code}`);
      names.set(code, d.name ?? code);
    } catch {
      names.set(code, code);
    }
  }
  return names.get(code);
}
async function renderCrumbs(scope) {
  const codes = [];
  for (let n = root.length; n <= scope.length; n += 3) codes.push(scope.slice(0, n));
  const nav = document.getElementById('crumbs');
  const parts = await Promise.all(codes.map(nameOf));
  nav.replaceChildren(
    ...codes.flatMap((code, i) => {
      const last = i === codes.length - 1;
      const link = el(last ? 'span' : 'button', last ? 'crumb current' : 'crumb link', parts[i]);
      link.dataset.scope = code;
      if (!last) {
        link.type = 'button';
        link.addEventListener('click', () => go({ scope: code, event: '' }));
      } else link.setAttribute('aria-current', 'page');
      return i ? [el('span', 'sep', '›'), link] : [link];
    }),
  );
}

async function renderChildren(p) {
  const counts = await getJson(`/api/v1/events/counts?${query(p)}`);
  for (const c of counts.children ?? []) names.set(c.code, c.name);
  const body = document.getElementById('children');
  body.replaceChildren(
    ...(counts.children ?? []).map((c) => {
      const tr = el('tr');
      tr.dataset.code = c.code;
      const cell = el('td');
      const button = el('button', 'drill', c.name);
      button.type = 'button';
      button.dataset.code = c.code;
      button.addEventListener('click', () => go({ scope: c.code, event: '' }));
      cell.append(button);
      tr.append(cell, el('td', 'num', c.total), el('td', 'num', c.open), el('td', `num ${c.overdue ? 'warn' : ''}`, c.overdue));
      return tr;
    }),
  );
  await mapChildren(p.scope, counts.children ?? []);
}

/**
 * The map's part of the drill-down: the towns are its areas; a town's villages and a village's
 * grids are markers to click; a grid is marked among its village's.
 */
async function mapChildren(scope, children) {
  const drill = (code) => go({ scope: code, event: '' });
  if (scope.length === 6) map.children([], drill);
  else if (scope.length < 15) map.children(children, drill);
  else {
    const village = await getJson(`/api/v1/divisions/${scope.slice(0, 12)}`).catch(() => null);
    map.children(village?.children ?? [], drill, scope);
  }
}

// --- the events
const rows = document.getElementById('events');
function eventRow(e) {
  const tr = el('tr');
  tr.dataset.id = e.id;
  tr.dataset.status = e.status;
  const title = el('button', 'title', e.title);
  title.type = 'button';
  title.addEventListener('click', () => go({ event: e.id }));
  const titleCell = el('td', 'title-cell');
  titleCell.append(title);
  const left = countdown(OPEN.has(e.status) ? e.deadline : null, e.card);
  const deadline = el('td', 'left', OPEN.has(e.status) && e.deadline ? left.text : '—');
  deadline.dataset.level = left.level;
  tr.append(el('td', 'time', dateTime(e.reportedAt)), titleCell, el('td', '', ref.category(e.category)), el('td', '', names.get(e.gridCode.slice(0, 12)) ?? ref.town(e.townCode)), el('td', 'state', statusName(e.status)), deadline);
  return tr;
}
function matches(e, p) {
  return e.gridCode.startsWith(p.scope) && (!p.category || p.category === e.category) && (!p.status || p.status.split(',').includes(e.status))
    && (!p.level || p.level === e.level) && (!p.overdue || e.overdue);
}
// the events that came live lately: a search made just then may not find them yet (the index
// refreshes every second), so they stay in the list when it is read again
const recent = new Map();
const arrived = new Map(); // id -> when it came live
function remember(e) {
  recent.set(e.id, e);
  arrived.set(e.id, Date.now());
  if (arrived.size > 200) arrived.delete(arrived.keys().next().value);
  if (recent.size > 200) recent.delete(recent.keys().next().value);
}
async function renderEvents(p) {
  const page = await getJson(`/api/v1/events?${query(p)}&sort=reportedAt&size=100`);
  const found = new Set(page.events.map((e) => e.id));
  const missing = [...recent.values()].filter((e) => !found.has(e.id) && matches(e, p));
  const events = [...missing, ...page.events].sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : -1));
  document.getElementById('total').textContent = `${t('total')} ${page.total + missing.length}`;
  rows.replaceChildren(...events.map(eventRow));
}

// --- the map
const map = districtMap(document.getElementById('map'), {
  towns: ref.towns,
  townName: ref.town,
  onTownClick: (code) => {
    if (code.startsWith(root) || root === DISTRICT) go({ scope: code, event: '' });
  },
});
getJson(`/api/v1/events/counts?scope=${root}`).catch(() => null);

// --- the detail
const detail = document.getElementById('detail');
document.getElementById('detail-close').addEventListener('click', () => go({ event: '' }));
addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !detail.hidden) go({ event: '' });
});
function stepsFor(e) {
  const roles = new Set(user.roles ?? []);
  const desk = roles.has('duty') || roles.has('town');
  const steps = [];
  if (desk && ['reported', 'reopened'].includes(e.status)) steps.push('triage');
  if (desk && ['triaged', 'returned'].includes(e.status)) steps.push('dispatch');
  if ((roles.has('duty') || roles.has('leader')) && OPEN.has(e.status) && e.status !== 'reported') steps.push('supervise');
  if (desk && e.status === 'resolved') steps.push('visit');
  if (desk && e.status === 'visited') steps.push('close');
  return steps;
}
const result = document.getElementById('action-result');
let detailCalls = 0; // renderDetail calls overlap (a step's answer, a live change): the latest wins
async function renderDetail(id) {
  const call = ++detailCalls;
  if (!id) {
    detail.hidden = true;
    return;
  }
  let e = null;
  // an event that just came live is not found by its id until the index refreshes (each second)
  const since = Date.now() - (arrived.get(id) ?? 0);
  if (since < 1500) await new Promise((resolve) => setTimeout(resolve, 1500 - since));
  for (let attempt = 0; !e && attempt < 4; attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 800));
    e = await getJson(`/api/v1/events/${encodeURIComponent(id)}`).catch(() => null);
  }
  if (call !== detailCalls || place().event !== id) return;
  if (!e) {
    detail.hidden = true;
    return;
  }
  // the same event at the same version is on screen: its forms stay as they are (the live change
  // of a step the desk just took must not reset the form being filled in for the next one)
  const shown = !detail.hidden && detail.dataset.id === e.id;
  if (shown && detail.dataset.version === String(e.version)) return;
  if (!shown) {
    result.textContent = '';
    for (const k of ['ok', 'action', 'id']) delete result.dataset[k];
  }
  detail.hidden = false;
  detail.dataset.id = e.id;
  detail.dataset.version = e.version;
  detail.dataset.status = e.status;
  document.getElementById('detail-title').textContent = e.title;
  const fields = [
    ['status', statusName(e.status)],
    ['category', ref.category(e.category)],
    ['where', `${ref.town(e.townCode)} · ${e.gridCode}`],
    ['reported-at', dateTime(e.reportedAt)],
    ['level', e.level ? levelName(e.level) : '—'],
    ['department', e.department ? ref.department(e.department) : '—'],
    ['deadline', dateTime(e.deadline)],
  ];
  document.getElementById('detail-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', '', t(k)), el('dd', '', v)]));
  if (e.description) document.getElementById('detail-fields').append(el('dt', '', t('note')), el('dd', 'description', e.description));
  document.getElementById('timeline').replaceChildren(
    ...(e.history ?? []).map((h) => {
      const li = el('li');
      li.dataset.action = h.action;
      li.append(el('time', '', dateTime(h.at)), el('strong', '', t(h.action)),
        el('span', '', `${h.to ? statusName(h.to) : ''} ${h.actor ?? ''} ${h.note ?? h.reason ?? ''}`));
      return li;
    }),
  );
  stepForms(document.getElementById('actions'), e, stepsFor(e), ref, () => renderDetail(e.id), result);
}

// --- live: the events of the scope as they come, steps as they are taken
let live = null;
let liveScope = null;
let recount = null;
function follow(scope) {
  if (liveScope === scope) return;
  live?.();
  liveScope = scope;
  live = client.subscribe('events.live', scope, {
    onSnapshot: () => {},
    onDelta: (data) => {
      const p = place();
      for (const e of data.events ?? []) {
        remember(e);
        if (matches(e, p) && !rows.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`)) {
          const tr = eventRow(e);
          tr.classList.add('new');
          rows.prepend(tr);
        }
        map.pulse(e);
      }
      const change = data.change;
      if (change) {
        const seen = recent.get(change.id);
        if (seen) recent.set(change.id, { ...seen, status: change.to, level: change.level ?? seen.level, deadline: change.deadline ?? seen.deadline });
        const tr = rows.querySelector(`tr[data-id="${CSS.escape(change.id)}"]`);
        if (tr) {
          tr.dataset.status = change.to;
          tr.querySelector('.state').textContent = statusName(change.to);
        }
        if (detail.dataset.id === change.id && !detail.hidden) renderDetail(change.id);
      }
      clearTimeout(recount);
      recount = setTimeout(() => renderChildren(place()).catch(() => {}), 1500);
    },
  });
}

let listed = null; // the scope and filters the lists show: opening an event does not reload them
async function render() {
  const p = place();
  const key = JSON.stringify({ ...p, event: '' });
  const reload = key !== listed;
  listed = key;
  syncFilters(p);
  map.select(p.scope.length >= 9 ? p.scope.slice(0, 9) : null);
  follow(p.scope);
  await Promise.all([
    reload ? renderCrumbs(p.scope) : null,
    reload ? renderChildren(p) : null,
    reload ? renderEvents(p) : null,
    renderDetail(p.event),
  ]);
  document.body.dataset.scope = p.scope;
}
await render();
