// Talks to the orchestrator's HTTP API. Errors carry the RFC 9457 problem the server sent. Requests that change
// state (POST) carry the API token when the server asked for one: on a 401 the user is asked for it once, and the
// token is kept for this tab only (sessionStorage), never in the page's address or in localStorage.
import { h } from './dom.js';

const TOKEN_KEY = 'ranksweep.apiToken';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof body === 'object' ? body : { detail: body });
  return body;
}

export async function get(path, params = {}) {
  const response = await fetch(withQuery(path, params), { headers: { Accept: 'application/json' } });
  return parse(response);
}

/** A GET whose total count comes in the X-Total-Count header (paged lists). */
export async function getPage(path, params = {}) {
  const response = await fetch(withQuery(path, params), { headers: { Accept: 'application/json' } });
  const items = await parse(response);
  const total = Number(response.headers.get('X-Total-Count') ?? items.length);
  return { items, total };
}

export async function post(path, body, contentType = 'application/json') {
  let rejected = false;
  for (;;) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { 'Content-Type': contentType, Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, { method: 'POST', headers, body });
    if (response.status !== 401) return parse(response);
    const given = await askForToken(rejected || token !== null);
    if (given === null) return parse(response);
    sessionStorage.setItem(TOKEN_KEY, given);
    rejected = true;
  }
}

/** A modal dialog asking for the API token; resolves to it, or to null when the user cancels (Escape too). */
function askForToken(rejected) {
  return new Promise(resolve => {
    const input = h('input', { type: 'password', id: 'api-token', name: 'api-token', autocomplete: 'off',
      required: true, 'aria-describedby': 'token-help' });
    const dialog = h('dialog', { id: 'token-dialog', 'aria-labelledby': 'token-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'token-title' }, 'This server needs an API token'),
        h('p', { id: 'token-help' }, rejected
          ? 'The server did not accept that token. Enter the token the orchestrator was started with.'
          : 'Submitting and cancelling sweeps change state, so this server asks for the token it was started ' +
            'with (--api-token or RANKSWEEP_API_TOKEN). It is kept for this tab only.'),
        h('div', { class: 'field' }, h('label', { for: 'api-token' }, 'API token'), input),
        h('div', { class: 'toolbar' },
          h('button', { type: 'submit', id: 'token-ok', value: 'ok' }, 'Use this token'),
          h('button', { type: 'submit', id: 'token-cancel', value: 'cancel', formnovalidate: true,
            class: 'secondary' }, 'Cancel'))));
    dialog.addEventListener('close', () => {
      const value = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      resolve(value ? value : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Subscribes to the server-sent events of one sweep (or all when sweepId is null); returns a function that
 * closes the stream. EventSource reconnects by itself after a dropped connection.
 */
export function subscribe(sweepId, onEvent) {
  const source = new EventSource(withQuery('/api/v1/events', { sweep: sweepId }));
  const types = ['SweepSubmitted', 'SweepStateChanged', 'TrialStateChanged', 'TrialProgressed', 'MetricsRecorded'];
  for (const type of types) {
    source.addEventListener(type, message => onEvent(JSON.parse(message.data)));
  }
  source.addEventListener('open', () => document.body.dataset.sse = 'open');
  return () => source.close();
}
