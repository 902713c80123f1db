// Sweep detail: header with progress and cancel, and a sortable, filterable, paged trial table that the event
// stream updates in place (no reload). Sorting, filtering and paging happen on the server.
import { get, getPage, post, subscribe } from '../api.js';
import { h, replace, heading, stateBadge, debounce, announce } from '../dom.js';
import { percent, points, count, number, budget, dateTime, duration } from '../format.js';
import { replaceQuery } from '../router.js';
import { progress } from './sweeps.js';
import { hasSeveralSeeds, summaryTable } from './seed-summary.js';
import { renderRungs } from './rungs.js';
import { renderCustomization } from './customization.js';

const STATES = ['PENDING', 'QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'PRUNED', 'CANCELLED'];
const COLUMNS = [
  { key: 'index', label: '#', sort: 'index', num: true, cell: t => t.index },
  { key: 'label', label: 'Label', sort: 'label', cell: t => h('a', { href: `#/trials/${t.id}` }, t.label) },
  { key: 'method', label: 'Method', sort: 'method', cell: t => t.method },
  { key: 'budget', label: 'Budget', sort: 'budget', num: true, cell: t => budget(t.budget) },
  { key: 'seed', label: 'Seed', sort: 'seed', num: true, cell: t => t.seed },
  { key: 'state', label: 'State', sort: 'state', cell: t => stateBadge(t.state) },
  { key: 'attempts', label: 'Attempts', sort: 'attempts', num: true, cell: t => `${t.attempts} / ${t.maxAttempts}` },
  { key: 'live', label: 'Latest metric', cell: () => '' },
  { key: 'top1', label: 'Top-1', sort: 'top1', num: true, cell: t => percent(t.top1) },
  { key: 'delta-ft', label: 'Δ vs dense-ft', num: true, cell: t => points(t.deltaTop1VsDenseFt) },
  { key: 'delta', label: 'Δ vs dense', num: true, cell: t => points(t.deltaTop1VsDense) },
  { key: 'params', label: 'Params', sort: 'params', num: true, cell: t => count(t.params) },
  { key: 'macs', label: 'MACs', sort: 'macs', num: true, cell: t => count(t.macs) },
  { key: 'latency', label: 'Latency (ms, b64)', sort: 'latency', num: true, cell: t => number(t.latencyMs) },
];
// A customization trial's top-1 is its fidelity and its params the parameters it trained; it has no budget, no
// dense references, MACs or latency.
const CUSTOMIZATION_COLUMNS = COLUMNS
  .filter(column => !['budget', 'delta-ft', 'delta', 'macs', 'latency'].includes(column.key))
  .map(column => column.key === 'top1' ? { ...column, label: 'Fidelity' }
    : column.key === 'params' ? { ...column, label: 'Trained params' } : column);
const PAGE_SIZES = [25, 50, 100, 200];

export async function render(main, [sweepId], query) {
  const state = {
    sort: query.get('sort') || 'index',
    order: query.get('order') || 'asc',
    filter: query.get('filter') || '',
    state: query.get('state') || '',
    limit: Number(query.get('limit') || 50),
    offset: Number(query.get('offset') || 0),
  };
  const sweep = await get(`/api/v1/sweeps/${sweepId}`);
  const columns = sweep.customization ? CUSTOMIZATION_COLUMNS : COLUMNS;
  const header = h('section', { 'aria-labelledby': 'page-title', id: 'sweep-header' });
  const body = h('tbody', { id: 'trial-rows' });
  const head = h('thead');
  const summary = h('p', { class: 'muted', id: 'trial-summary', 'aria-live': 'polite' });
  const pagerBox = h('div', { class: 'pager' });
  // A customization sweep's trials are summarised over seeds by its own section (their top-1 is a fidelity).
  const seedSummary = sweep.customization ? null
    : h('section', { id: 'seed-summary', 'aria-label': 'Summary over seeds', hidden: true });
  // Only a sweep with a scheduler has rungs: the API answers 404 for the others, so it is not asked.
  const rungs = sweep.scheduler ? h('section', { id: 'rungs', 'aria-labelledby': 'rungs-title' }) : null;
  // Likewise only a customization sweep has a customization view worth a section.
  const customization = sweep.customization
    ? h('section', { id: 'customization', 'aria-labelledby': 'customization-title' }) : null;
  replace(main, heading(`Sweep ${sweep.name}`), header, rungs, customization, seedSummary, controls(state, () => reload()),
    h('table', { id: 'trial-table' }, h('caption', {}, 'Trials of this sweep'), head, body), summary, pagerBox);

  const renderHeader = current => replace(header, ...sweepHeader(current, async () => {
    renderHeader(await post(`/api/v1/sweeps/${sweepId}/cancel`, ''));
    announce('Sweep cancelled');
    await reload();
  }));
  renderHeader(sweep);

  const reload = async () => {
    replaceQuery(state);
    renderHead(head, columns, state, reload);
    const { items, total } = await getPage(`/api/v1/sweeps/${sweepId}/trials`, {
      limit: state.limit, offset: state.offset, sort: state.sort, order: state.order,
      filter: state.filter, state: state.state,
    });
    replace(body, items.length ? items.map(trial => trialRow(trial, columns))
      : h('tr', {}, h('td', { colspan: columns.length }, 'No trial matches.')));
    const last = Math.min(state.offset + items.length, total);
    summary.textContent = total ? `Trials ${state.offset + 1}–${last} of ${total}` : 'No trials match.';
    replace(pagerBox, pager(state, total, reload));
    main.dataset.total = total;
  };
  const reloadSummary = async () => renderSummary(seedSummary, await get(`/api/v1/sweeps/${sweepId}/summary`));
  // The summary reads every trial of the sweep; the first page of the table should not wait for it.
  if (seedSummary) {
    reloadSummary().then(() => { seedSummary.dataset.loaded = 'true'; },
      error => console.warn(`summary over seeds not loaded: ${error.message}`));
  }
  let disposeRungs = () => {};
  const reloadRungs = async () => {
    const dispose = await renderRungs(rungs, sweepId);
    disposeRungs();
    disposeRungs = dispose;
  };
  if (rungs) {
    reloadRungs().catch(error => console.warn(`rungs not loaded: ${error.message}`));
  }
  const reloadCustomization = () => renderCustomization(customization, sweepId)
    .catch(error => console.warn(`customization not loaded: ${error.message}`));
  if (customization) reloadCustomization();
  await reload();

  const refreshHeader = debounce(async () => renderHeader(await get(`/api/v1/sweeps/${sweepId}`)), 800);
  const refreshSummary = debounce(reloadSummary, 800);
  // A trial that pauses, is promoted, pruned or completes changes the rungs; they are redrawn in one go.
  const refreshRungs = debounce(() => reloadRungs().catch(error => console.warn(`rungs not reloaded: ${error.message}`)), 2000);
  const refreshCustomization = debounce(reloadCustomization, 2000);
  const close = subscribe(sweepId, event => {
    applyEvent(body, event);
    refreshHeader();
    if (seedSummary && event.type === 'TrialStateChanged' && event.state === 'COMPLETED') refreshSummary();
    if (customization && event.type === 'TrialStateChanged') refreshCustomization();
    if (rungs && event.type === 'TrialStateChanged') refreshRungs();
  });
  return () => {
    close(); refreshHeader.cancel(); refreshSummary.cancel(); refreshRungs.cancel(); refreshCustomization.cancel();
    disposeRungs();
  };
}

/** The summary over seeds, or nothing when every point ran one seed (the trial table says it all). */
function renderSummary(section, summaries) {
  if (!hasSeveralSeeds(summaries)) {
    section.hidden = true;
    replace(section);
    return;
  }
  section.hidden = false;
  replace(section, h('h2', { id: 'summary-title' }, 'Summary over seeds'), summaryTable(summaries));
}

function sweepHeader(sweep, onCancel) {
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'State'), h('dd', { id: 'sweep-state' }, stateBadge(sweep.state)),
    h('dt', {}, 'Progress'), h('dd', {}, progress(sweep)),
    h('dt', {}, 'By state'), h('dd', {}, STATES.filter(s => sweep.counts[s]).map(s => `${s.toLowerCase()} ${sweep.counts[s]}`).join(' · ') || '–'),
    h('dt', {}, 'ETA'), h('dd', {}, sweep.state === 'RUNNING' ? duration(sweep.etaSeconds) : '–'),
    h('dt', {}, 'Started'), h('dd', {}, dateTime(sweep.startedAt)),
    h('dt', {}, 'Ended'), h('dd', {}, dateTime(sweep.endedAt)));
  // A customization sweep's trials are compared in its Customization section: their top-1 is a fidelity and their
  // parameters are trained ones, so a Pareto plot or a top-1 leaderboard of them would mislead.
  const compares = !sweep.customization;
  const actions = h('p', { class: 'toolbar' },
    compares ? h('a', { class: 'button secondary', href: `#/sweeps/${sweep.id}/pareto` }, 'Pareto plot') : null,
    compares ? h('a', { class: 'button secondary', href: `#/leaderboard?sweep=${sweep.id}` }, 'Leaderboard') : null,
    sweep.state === 'RUNNING' ? cancelControl(onCancel) : null);
  return [facts, actions];
}

/** Two steps, so one stray key press cannot cancel a sweep; no modal dialog. */
function cancelControl(onCancel) {
  const box = h('span', {});
  const ask = h('button', { type: 'button', class: 'danger', id: 'cancel-sweep', onclick: () => {
    replace(box, h('span', { role: 'alert' }, 'Cancel every unfinished trial? '),
      h('button', { type: 'button', class: 'danger', id: 'confirm-cancel', onclick: onCancel }, 'Yes, cancel the sweep'), ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => { replace(box, ask); ask.focus(); } }, 'Keep running'));
    box.querySelector('#confirm-cancel').focus();
  } }, 'Cancel sweep…');
  return replace(box, ask);
}

function controls(state, reload) {
  const apply = debounce(() => { state.offset = 0; reload(); }, 300);
  const filter = h('input', { type: 'search', id: 'trial-filter', value: state.filter, placeholder: 'label, method or state',
    oninput: e => { state.filter = e.target.value; apply(); } });
  const states = h('select', { id: 'trial-state', onchange: e => { state.state = e.target.value; state.offset = 0; reload(); } },
    h('option', { value: '' }, 'any'), STATES.map(s => h('option', { value: s, selected: s === state.state }, s.toLowerCase())));
  const sizes = h('select', { id: 'page-size', onchange: e => { state.limit = Number(e.target.value); state.offset = 0; reload(); } },
    PAGE_SIZES.map(size => h('option', { value: size, selected: size === state.limit }, size)));
  return h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter trials' },
    h('div', {}, h('label', { for: 'trial-filter' }, 'Filter'), filter),
    h('div', {}, h('label', { for: 'trial-state' }, 'State'), states),
    h('div', {}, h('label', { for: 'page-size' }, 'Rows per page'), sizes));
}

function renderHead(head, columns, state, reload) {
  replace(head, h('tr', {}, columns.map(column => {
    const active = state.sort === column.sort;
    const sortState = active ? (state.order === 'desc' ? 'descending' : 'ascending') : null;
    const content = column.sort ? h('button', { type: 'button', class: 'sort', dataset: { sort: column.sort },
      onclick: () => {
        state.order = active && state.order === 'asc' ? 'desc' : (active ? 'asc' : defaultOrder(column.sort));
        state.sort = column.sort;
        state.offset = 0;
        reload().then(() => head.querySelector(`[data-sort="${column.sort}"]`).focus());
      } }, column.label) : column.label;
    return h('th', { scope: 'col', class: column.num ? 'num' : null, 'aria-sort': sortState }, content);
  })));
}

/** Accuracy and sizes are most interesting from the top; names and positions from the start. */
function defaultOrder(sort) {
  return ['top1'].includes(sort) ? 'desc' : 'asc';
}

function pager(state, total, reload) {
  const previous = h('button', { type: 'button', class: 'secondary', disabled: state.offset === 0,
    onclick: () => { state.offset = Math.max(0, state.offset - state.limit); reload(); } }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary', disabled: state.offset + state.limit >= total,
    onclick: () => { state.offset += state.limit; reload(); } }, 'Next page');
  return [previous, next];
}

function trialRow(trial, columns) {
  return h('tr', { dataset: { trialId: trial.id, state: trial.state } },
    columns.map(column => h('td', { class: column.num ? 'num' : null, dataset: { col: column.key } }, column.cell(trial))));
}

/** Updates the row of the event's trial, if it is on this page. */
function applyEvent(body, event) {
  if (event.trialId === null || event.trialId === undefined) return;
  const row = body.querySelector(`tr[data-trial-id="${event.trialId}"]`);
  if (!row) return;
  const cell = key => row.querySelector(`td[data-col="${key}"]`);
  if (event.type === 'TrialStateChanged') {
    row.dataset.state = event.state;
    replace(cell('state'), stateBadge(event.state));
    if (event.attempt) cell('attempts').textContent = cell('attempts').textContent.replace(/^\d+/, event.attempt);
    if (event.state === 'COMPLETED' && event.data && typeof event.data.top1 === 'number') {
      // A customization sweep's table has no MACs or latency columns.
      const set = (key, text) => { if (cell(key)) cell(key).textContent = text; };
      set('top1', percent(event.data.top1));
      set('params', count(event.data.params));
      set('macs', count(event.data.macs));
      set('latency', number(event.data.latencyMsBatch64));
    }
    announce(`Trial ${row.querySelector('td[data-col="label"]').textContent} is now ${event.state.toLowerCase()}`);
  } else if (event.type === 'MetricsRecorded' && Array.isArray(event.data) && event.data.length) {
    const metric = event.data[event.data.length - 1];
    const value = metric.name === 'top1' ? percent(metric.value) : number(metric.value, 4);
    cell('live').textContent = `${metric.phase} epoch ${metric.epoch}: ${metric.split} ${metric.name} ${value}`;
  } else {
    return;
  }
  row.classList.remove('flash');
  void row.offsetWidth;
  row.classList.add('flash');
}
