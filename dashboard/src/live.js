// The dashboard's one WebSocket: authenticate, subscribe, snapshot then deltas with a gapless seq,
// reconnect with jittered capped back-off, resubscribe and resync on reconnect or on a gap.
// Rendering modules only receive state; they never touch the socket.

import { mergePatch } from './format.js';

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export class LiveClient {
  constructor({ url = defaultUrl(), token = null, onState = () => {}, onError = () => {} } = {}) {
    this.url = url;
    this.token = token;
    this.onState = onState;
    this.onError = onError;
    this.subs = new Map(); // key -> { topic, scope, seq, onSnapshot, onDelta }
    this.attempt = 0;
    this.socket = null;
    this.closed = false;
  }

  start() {
    this.closed = false;
    this.#connect();
    return this;
  }

  stop() {
    this.closed = true;
    if (this.socket) this.socket.close(1000, 'bye');
  }

  /** Signs the open connection in again with a fresh token (before the current one expires). */
  authenticate(token) {
    this.#send({ type: 'auth', token });
  }

  subscribe(topic, scope, { onSnapshot, onDelta, onError }) {
    const key = `${topic}|${scope}`;
    this.subs.set(key, { topic, scope, seq: -1, onSnapshot, onDelta, onError });
    this.#send({ type: 'subscribe', topic, scope });
    return () => {
      this.subs.delete(key);
      this.#send({ type: 'unsubscribe', topic, scope });
    };
  }

  /**
   * A figures topic (snapshot, then JSON Merge Patch deltas) kept as whole state: onState gets the
   * current object after every frame. Returns the unsubscribe function.
   */
  watch(topic, scope, onState, onError) {
    let state = null;
    return this.subscribe(topic, scope, {
      onSnapshot: (data) => onState((state = data)),
      onDelta: (patch) => onState((state = mergePatch(state, patch))),
      onError,
    });
  }

  #connect() {
    this.onState({ state: this.attempt === 0 ? 'connecting' : 'reconnecting' });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      if (this.token) this.#send({ type: 'auth', token: this.token });
      for (const sub of this.subs.values()) {
        sub.seq = -1;
        this.#send({ type: 'subscribe', topic: sub.topic, scope: sub.scope });
      }
      this.onState({ state: 'connected' });
    });
    socket.addEventListener('message', (e) => this.#onMessage(e.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) {
        this.onState({ state: 'closed' });
        return;
      }
      this.onState({ state: 'stale' });
      const cap = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt++);
      setTimeout(() => this.#connect(), cap / 2 + Math.random() * (cap / 2));
    });
  }

  #onMessage(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const sub = this.subs.get(`${frame.topic}|${frame.scope}`);
    if (frame.type === 'error') {
      if (sub?.onError) sub.onError(frame);
      else this.onError(frame);
      return;
    }
    if (!sub) return;
    if (frame.type === 'snapshot') {
      sub.seq = frame.seq;
      sub.onSnapshot?.(frame.data, frame);
    } else if (frame.type === 'delta') {
      if (sub.seq < 0) return; // no snapshot yet: it is on its way
      if (frame.seq !== sub.seq + 1) {
        // a gap: ask again and wait for a fresh snapshot
        sub.seq = -1;
        this.#send({ type: 'resync', topic: sub.topic, scope: sub.scope });
        return;
      }
      sub.seq = frame.seq;
      sub.onDelta?.(frame.data, frame);
    }
  }

  #send(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
    }
  }
}

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}
