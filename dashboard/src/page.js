// What every signed-in screen shares: the user, the header's connection state, language switch and
// sign-out, and the one live connection (token refreshed before it expires; a session that is
// over goes back to sign-in and returns here).
import { LiveClient } from './live.js';
import { applyI18n, langSwitch, t } from './i18n.js';
import { refresh, requireUser, signOut, toSignIn } from './session.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh session, retried while the server is unreachable (a kiosk must not stop at a blip). */
async function renew() {
  for (;;) {
    try {
      return await refresh(); // null: the session is over
    } catch {
      await sleep(5_000 + Math.random() * 5_000);
    }
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
  const user = await requireUser();
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
  const status = document.getElementById('status');
  const client = new LiveClient({
    onState: (s) => {
      if (status) {
        status.dataset.state = s.state;
        status.textContent = t(`state.${s.state}`);
      }
      document.body.dataset.connection = s.state;
      onState(s);
    },
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
