// The steps of the closed loop as small forms: each step's fields, built with text only, posted
// to POST /api/v1/events/{id}/transitions with the version seen (a 409 says what is allowed now).
import { el } from './format.js';
import { levelName, t } from './i18n.js';
import { postJson } from './session.js';

function field(labelKey, input) {
  const label = el('label');
  label.append(el('span', '', t(labelKey)), input);
  return label;
}

function select(name, options) {
  const s = el('select');
  s.name = name;
  for (const [value, text] of options) {
    const o = el('option', '', text);
    o.value = value;
    s.append(o);
  }
  return s;
}

function text(name, required) {
  const input = el('input');
  input.name = name;
  input.required = required;
  input.maxLength = 2000;
  return input;
}

/** The fields of each step (ref: the reference data for departments). */
export const STEPS = {
  triage: () => [field('level', select('level', ['district', 'town', 'grid'].map((l) => [l, levelName(l)])))],
  dispatch: (ref) => {
    const deadline = el('input');
    deadline.type = 'datetime-local';
    deadline.name = 'deadline';
    return [
      field('department', select('department', ref.departments.map((d) => [d.code, ref.department(d.code)]))),
      field('deadline', deadline),
      field('note', text('note', false)),
    ];
  },
  supervise: () => [field('note', text('note', true))],
  visit: () => [field('rating', select('satisfaction', [5, 4, 3, 2, 1].map((n) => [n, '★'.repeat(n)])))],
  close: () => [field('note', text('note', false))],
  sign: () => [],
  return: () => [field('reason', text('reason', true))],
  progress: () => [field('note', text('note', true))],
  resolve: () => [field('note', text('note', true))],
};

/** One form per step; onDone(answer) after a step was taken. */
export function stepForms(container, event, steps, ref, onDone, result) {
  container.replaceChildren(
    ...steps.map((action) => {
      const form = el('form', 'step');
      form.dataset.action = action;
      const button = el('button', 'primary', t(action));
      button.type = 'submit';
      form.append(...STEPS[action](ref), button);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const body = { action, version: event.version };
        for (const [k, v] of new FormData(form)) {
          if (v === '') continue;
          if (k === 'satisfaction') body[k] = Number(v);
          else if (k === 'deadline') body[k] = new Date(v).toISOString();
          else body[k] = v;
        }
        button.disabled = true;
        // the result shown is this step's: nothing of an earlier one stays while it is sent
        delete result.dataset.ok;
        result.dataset.action = action;
        result.dataset.id = event.id;
        result.textContent = '…';
        const answer = await postJson(`/api/v1/events/${encodeURIComponent(event.id)}/transitions`, body);
        button.disabled = false;
        result.dataset.ok = String(answer.ok);
        result.textContent = answer.ok ? `${t('done')}: ${t(action)}` : `${answer.status} ${answer.body?.detail ?? answer.body?.title ?? ''}`;
        if (answer.ok) onDone(answer.body);
      });
      return form;
    }),
  );
}
