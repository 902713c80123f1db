// Talks to the orchestrator's HTTP API. Errors carry the RFC 9457 problem the server sent.
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
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': contentType, Accept: 'application/json' }, body });
  return parse(response);
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
