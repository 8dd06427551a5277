// Small pure helpers shared by the screens: times in the district's zone, countdowns, masks.
import { lang } from './i18n.js';

const ZONE = 'Asia/Shanghai';
const LOCALE = () => (lang === 'en' ? 'en-GB' : 'zh-CN');

export function clock(date = new Date()) {
  return date.toLocaleTimeString(LOCALE(), { timeZone: ZONE, hour12: false });
}

export function dateTime(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(LOCALE(), { timeZone: ZONE, hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The district's midnight today, as ISO-8601 with its offset. */
export function startOfToday(now = new Date()) {
  const day = now.toLocaleDateString('sv-SE', { timeZone: ZONE });
  return `${day}T00:00:00+08:00`;
}

/** "3时05分" / "-0:12:30": signed time left, and how urgent: ok, yellow (≤ 1 h or yellow card), red. */
export function countdown(deadline, card, now = Date.now()) {
  if (!deadline) return { text: '—', level: 'ok', left: Infinity };
  const left = Math.round((new Date(deadline).getTime() - now) / 1000);
  const abs = Math.abs(left);
  const d = Math.floor(abs / 86400);
  const h = Math.floor((abs % 86400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const pad = (n) => String(n).padStart(2, '0');
  const text = `${left < 0 ? '-' : ''}${d > 0 ? `${d}d ` : ''}${pad(h)}:${pad(m)}:${pad(s)}`;
  const level = left < 0 || card === 'red' ? 'red' : left < 3600 || card === 'yellow' ? 'yellow' : 'ok';
  return { text, level, left };
}

/** Applies an RFC 7386 JSON Merge Patch to target (a copy). */
export function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Creates an element with a class and text (text only: never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function percent(x) {
  return x === undefined || x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}
