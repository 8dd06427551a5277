// Sign-in for the dashboards: the server keeps the session in an HttpOnly cookie, so the page
// only asks who is signed in, and signs in with a form when nobody is.

export async function currentUser() {
  const response = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  return response.ok ? response.json() : null;
}

export async function signIn(username, password) {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) return response.json();
  let detail = `HTTP ${response.status}`;
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
  } catch {
    // not JSON: keep the status
  }
  throw new Error(detail);
}

/** Shows the form until someone signs in; resolves with the user. */
export function askToSignIn(form) {
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
        error.textContent = `登录失败：${err.message}`;
      }
    };
  });
}
