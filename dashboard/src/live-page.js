// The raw event stream (/live/): the district's events as they are indexed.
import { openScreen } from './page.js';

const MAX_ROWS = 200;
const list = document.getElementById('events');

function row(event) {
  // text only: user-supplied strings never become HTML
  const li = document.createElement('li');
  li.dataset.id = event.id;
  const time = document.createElement('time');
  time.dateTime = event.reportedAt;
  time.textContent = new Date(event.reportedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = event.title;
  const where = document.createElement('span');
  where.className = 'where';
  where.textContent = `${event.category} · 网格 ${event.gridCode}`;
  li.append(time, title, where);
  return li;
}

function show(events) {
  list.replaceChildren(...events.slice(0, MAX_ROWS).map(row));
}

function prepend(event) {
  if (list.querySelector(`li[data-id="${CSS.escape(event.id)}"]`)) return;
  const li = row(event);
  li.classList.add('new');
  list.prepend(li);
  while (list.children.length > MAX_ROWS) list.lastElementChild.remove();
}

const { client } = await openScreen();
document.getElementById('live').hidden = false;
client.subscribe('events.live', '371502', {
  onSnapshot: (data) => show(data.events),
  // a delta carries the events of one pipeline batch, oldest first; a step taken on an event
  // comes as a change (this page lists reports only)
  onDelta: (data) => (data.events ?? []).forEach(prepend),
});
