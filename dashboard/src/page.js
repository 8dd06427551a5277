// What every signed-in screen shares: the user, the header's connection state, language switch and
// sign-out, and the one live connection (token refreshed before it expires; a session that is
// over goes back to sign-in and returns here).
import { LiveClient } from './live.js';
import { applyI18n, langSwitch, t } from './i18n.js';
import { patiently, refresh, requireUser, signOut, toSignIn } from './session.js';

/** A fresh session, retried while the server is unreachable (a kiosk must not stop at a blip). */
const renew = () => patiently(refresh); // null: the session is over

/**
 * The screens' shell (pages, scripts, styles; never the API) kept by a service worker, so that a
 * kiosk that boots while the server is away still opens its screen, which then waits for it.
 */
async function keepShell() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/sw.js');
    const worker = (await navigator.serviceWorker.ready).active;
    // this page was loaded before the worker watched: it keeps it now (<html data-shell=kept>)
    const urls = [location.href, ...[...document.querySelectorAll('script[src], link[href]')].map((n) => n.src || n.href)];
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => (document.documentElement.dataset.shell = e.data);
    worker.postMessage({ type: 'keep', urls }, [channel.port2]);
  } catch {
    // no worker (a private window, say): the screen works, only not offline
  }
}

let refreshTimer = null;
function keepFresh(client, expiresAt) {
  clearTimeout(refreshTimer);
  const wait = Math.max(5_000, new Date(expiresAt).getTime() - Date.now() - 60_000);
  refreshTimer = setTimeout(async () => {
    const renewed = await renew();
    if (renewed) {
      client.authenticate(renewed.token);
      keepFresh(client, renewed.expiresAt);
    }
  }, wait);
}

/**
 * Signs the screen in and opens its live connection. onState gets connecting/connected/stale…;
 * the element #status (if any) shows it. Resolves {user, client}.
 */
export async function openScreen({ onState = () => {} } = {}) {
  applyI18n();
  const langButton = document.getElementById('lang');
  if (langButton) langSwitch(langButton);
  const status = document.getElementById('status');
  const show = (s) => {
    if (status) {
      status.dataset.state = s.state;
      status.textContent = t(`state.${s.state}`);
    }
    document.body.dataset.connection = s.state;
    onState(s);
  };
  // the server may be away when the screen opens: wait for it, showing so
  const user = await patiently(requireUser, () => show({ state: 'reconnecting' }));
  keepShell();
  const out = document.getElementById('sign-out');
  if (out) {
    out.textContent = t('sign-out');
    out.addEventListener('click', async () => {
      await signOut();
      location.assign('/');
    });
  }
  const who = document.getElementById('who');
  if (who) who.textContent = user.displayName ?? user.username;
  const client = new LiveClient({
    onState: show,
    onError: async (frame) => {
      if (['unauthenticated', 'token-expired', 'session-ended'].includes(frame.code)) {
        client.stop();
        const renewed = frame.code === 'token-expired' ? await renew() : null;
        if (!renewed) return toSignIn(true);
        keepFresh(client, renewed.expiresAt);
        client.start();
      }
    },
  }).start();
  keepFresh(client, user.expiresAt);
  return { user, client };
}
