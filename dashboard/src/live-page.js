// The walking skeleton's page: the district's events as they are indexed.
import { LiveClient } from './live.js';
import { askToSignIn, currentUser, refresh } from './session.js';

const MAX_ROWS = 200;
const list = document.getElementById('events');
const status = document.getElementById('status');

const STATES = {
  connecting: '连接中…',
  reconnecting: '重新连接中…',
  connected: '实时',
  stale: '连接中断 · 数据可能已过时',
  closed: '已断开',
};

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

// a minute before the session's token expires, refresh it and hand the new one to the socket, so
// the connection outlives the token (the server closes it with token-expired otherwise)
let refreshTimer = null;
function keepFresh(client, expiresAt) {
  clearTimeout(refreshTimer);
  const wait = Math.max(5_000, new Date(expiresAt).getTime() - Date.now() - 60_000);
  refreshTimer = setTimeout(async () => {
    const renewed = await refresh();
    if (renewed) {
      client.authenticate(renewed.token);
      keepFresh(client, renewed.expiresAt);
    }
  }, wait);
}

function startLive(user) {
  document.getElementById('live').hidden = false;
  const client = new LiveClient({
    onState: ({ state }) => {
      status.dataset.state = state;
      status.textContent = STATES[state] ?? state;
    },
    onError: async (frame) => {
      // the session is over (token expired, signed out, account changed): the server closes the
      // socket; a refresh (or a new sign-in) gives a fresh cookie, then the client reconnects
      if (['unauthenticated', 'token-expired', 'session-ended'].includes(frame.code)) {
        client.stop();
        const renewed = frame.code === 'token-expired' ? await refresh() : null;
        const session = renewed ?? (await askToSignIn(document.getElementById('login')));
        keepFresh(client, session.expiresAt);
        client.start();
      }
    },
  }).start();

  keepFresh(client, user.expiresAt);

  client.subscribe('events.live', '371502', {
    onSnapshot: (data) => show(data.events),
    // a delta carries the events of one pipeline batch, oldest first; a step taken on an event
    // comes as a change (this page lists reports only)
    onDelta: (data) => (data.events ?? []).forEach(prepend),
  });
}

const user = (await currentUser()) ?? (await askToSignIn(document.getElementById('login')));
startLive(user);
