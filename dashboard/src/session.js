// Sign-in for the dashboards: the server keeps the session in an HttpOnly cookie, so the page
// only asks who is signed in, and signs in with a form when nobody is. Requests that change
// something repeat the gridpulse_csrf cookie in the X-CSRF-Token header (the server refuses them
// without it); apiFetch does that for every module.

const CSRF_COOKIE = 'gridpulse_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of the current session (a cookie the server set at sign-in), or null. */
export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** fetch() for our own API: same-origin credentials, and the CSRF header when it changes state. */
export function apiFetch(path, options = {}) {
  const method = (options.method || 'GET').toUpperCase();
  const headers = new Headers(options.headers || {});
  const token = csrfToken();
  if (!SAFE.has(method) && token) headers.set(CSRF_HEADER, token);
  return fetch(path, { ...options, method, headers, credentials: 'same-origin' });
}

async function problemDetail(response) {
  let detail = `HTTP ${response.status}`;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch {
    // not JSON: keep the status
  }
  return detail;
}

/** Who is signed in; null when nobody is (401); throws when the server cannot say (away, 5xx). */
export async function currentUser() {
  const response = await apiFetch('/api/v1/auth/me');
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(await problemDetail(response));
  return response.json();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fn() again and again until it succeeds, with a jittered back-off capped at 10 s: a screen that
 * opens while the server is away (a kiosk that boots before it) waits for it instead of stopping.
 * onWait() after each failure.
 */
export async function patiently(fn, onWait = () => {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch {
      onWait();
      await sleep(Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

export async function signIn(username, password) {
  const response = await apiFetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) return response.json();
  throw new Error(await problemDetail(response));
}

/** A fresh session for the current one (before or just after it expires); null if it is over. */
export async function refresh() {
  const response = await apiFetch('/api/v1/auth/refresh', { method: 'POST' });
  return response.ok ? response.json() : null;
}

export async function signOut() {
  await apiFetch('/api/v1/auth/logout', { method: 'POST' });
}

/** The screen a role lands on after sign-in (a town's user: the duty desk, on its own town). */
export function landing(user) {
  const roles = user.roles ?? [];
  if (roles.includes('leader') && !roles.includes('duty')) return '/wall';
  if (roles.includes('duty') || roles.includes('town')) return '/duty';
  if (roles.includes('dept')) return '/dept';
  return '/live/';
}

/** A local path only (never another origin): the place to return to after sign-in. */
export function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : null;
}

/** To the sign-in page, which brings the user back to this very screen (its URL keeps its place). */
export function toSignIn(expired = false) {
  const here = location.pathname + location.search + location.hash;
  location.replace(`/?next=${encodeURIComponent(here)}${expired ? '&expired=1' : ''}`);
  return new Promise(() => {}); // the page is going away
}

/** The signed-in user, or (never resolving) a trip to the sign-in page. */
export async function requireUser() {
  return (await currentUser()) ?? toSignIn(false);
}

/** GET JSON from our API; a 401 (the session is over) goes to sign-in keeping the screen's place. */
export async function getJson(path) {
  const response = await apiFetch(path);
  if (response.status === 401) return toSignIn(true);
  if (!response.ok) throw new Error(await problemDetail(response));
  return response.json();
}

/** POST JSON to our API (with the CSRF header); answers {ok, status, body}. */
export async function postJson(path, body) {
  const response = await apiFetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status === 401) return toSignIn(true);
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    // no body
  }
  return { ok: response.ok, status: response.status, body: answer };
}

/** Shows the form until someone signs in; resolves with the user. */
export function askToSignIn(form, failed = '登录失败：') {
  const error = form.querySelector('.error');
  form.hidden = false;
  form.querySelector('input').focus();
  return new Promise((resolve) => {
    form.onsubmit = async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const user = await signIn(form.username.value, form.password.value);
        form.hidden = true;
        form.password.value = '';
        resolve(user);
      } catch (err) {
        error.textContent = `${failed}${err.message}`;
      }
    };
  });
}
