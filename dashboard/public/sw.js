// The screens' shell for a kiosk that boots while the server is away: the pages, scripts, styles
// and icon, read from the network first (a new release is seen at once) and kept, so that when
// the network fails the kept copy opens the screen, which then waits for the server by itself.
// The API and the live socket never go through here: no data is kept.
const SHELL = 'gridpulse-shell-v1';
const PAGES = new Set(['/', '/wall', '/duty', '/dept', '/live']);

/** The copy's key: a page by its screen (/wall, /wall/ and /wall/index.html are one), else its path. */
function keyOf(url) {
  const path = url.pathname.replace(/\/(index\.html)?$/, '') || '/';
  if (PAGES.has(path)) return path;
  return url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg' ? url.pathname : null;
}

/** Keeps the screen a page shows (its own URL and its scripts and styles); answers on the port. */
async function keep(urls) {
  const cache = await caches.open(SHELL);
  await Promise.all(
    urls.map(async (u) => {
      const url = new URL(u, self.location.origin);
      const key = url.origin === self.location.origin ? keyOf(url) : null;
      if (!key) return;
      const response = await fetch(url, { credentials: 'same-origin' });
      // kept as a plain answer: a browser refuses a redirected one (/wall → /wall/) to a navigation
      if (response.ok) await cache.put(key, new Response(await response.blob(), { headers: response.headers }));
    }),
  );
}
self.addEventListener('message', (e) => {
  if (e.data?.type !== 'keep') return;
  e.waitUntil(
    keep(e.data.urls).then(
      () => e.ports[0]?.postMessage('kept'),
      () => e.ports[0]?.postMessage('failed'),
    ),
  );
});

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  const key = url.origin === self.location.origin && e.request.method === 'GET' ? keyOf(url) : null;
  if (!key) return;
  e.respondWith(
    (async () => {
      const cache = await caches.open(SHELL);
      try {
        const response = await fetch(e.request);
        if (response.ok) await cache.put(key, response.clone());
        return response; // a redirect (/wall → /wall/) goes back to the browser as it came
      } catch (err) {
        const kept = await cache.match(key);
        if (kept) return kept;
        throw err;
      }
    })(),
  );
});
