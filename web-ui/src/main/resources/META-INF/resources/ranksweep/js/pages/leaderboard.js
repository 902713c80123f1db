// Leaderboard: the best trial per method and budget (grouped in the database), the dense reference, Δ top-1,
// and the published baselines with their citations.
import { get } from '../api.js';
import { h, replace, heading } from '../dom.js';
import { percent, points, count, number, budget } from '../format.js';
import { replaceQuery } from '../router.js';

export async function render(main, _params, query) {
  const filters = {
    dataset: query.get('dataset') || '', model: query.get('model') || '',
    method: query.get('method') || '', sweep: query.get('sweep') || '',
  };
  const [everything, baselines] = await Promise.all([get('/api/v1/leaderboard/best'), get('/api/v1/baselines')]);
  const results = h('div', { id: 'leaderboard-results' });
  const published = h('div', { id: 'baseline-results' });
  const load = async () => {
    replaceQuery(filters);
    const rows = await get('/api/v1/leaderboard/best', filters);
    replace(results, groups(rows));
    const shown = baselines.filter(b => !filters.dataset || b.dataset === filters.dataset);
    replace(published, baselineTable(shown));
  };
  replace(main, heading('Leaderboard'),
    h('p', { class: 'muted' }, 'The best completed trial of every method and budget. Δ vs dense-ft compares with the ',
      'best dense model fine-tuned by a sweep\'s recipe (the control that separates compression from extra training), ',
      'Δ vs dense with the best untouched dense trial, both of the same dataset and model. ',
      'MACs are multiply-accumulates per image.'),
    filterForm(filters, everything, load), results,
    h('h2', { id: 'baselines-title' }, 'Published baselines'),
    h('p', { class: 'muted' }, 'Results reported by papers, with their citation; unknown values are left empty.'),
    published);
  await load();
}

function filterForm(filters, rows, load) {
  const options = key => [...new Set(rows.map(r => r[key]).filter(Boolean))].sort();
  const select = (key, label, values) => h('div', {},
    h('label', { for: `filter-${key}` }, label),
    h('select', { id: `filter-${key}`, onchange: e => { filters[key] = e.target.value; load(); } },
      h('option', { value: '' }, 'all'),
      values.map(v => h('option', { value: v, selected: v === filters[key] }, v))));
  const sweep = h('input', { type: 'number', min: 1, id: 'filter-sweep', value: filters.sweep, inputmode: 'numeric',
    onchange: e => { filters.sweep = e.target.value; load(); } });
  return h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter the leaderboard' },
    select('dataset', 'Dataset', options('dataset')), select('model', 'Model', options('model')),
    select('method', 'Method', options('method')),
    h('div', {}, h('label', { for: 'filter-sweep' }, 'Sweep ID'), sweep));
}

/** One table per dataset and model, dense reference first. */
function groups(rows) {
  if (!rows.length) return h('p', { id: 'leaderboard-empty' }, 'No completed trial matches.');
  const byGroup = new Map();
  for (const row of rows) {
    const key = `${row.dataset} · ${row.model}`;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key).push(row);
  }
  return [...byGroup.entries()].map(([title, group]) => h('table', { class: 'leaderboard', dataset: { group: title } },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, ['Method', 'Budget', 'Best top-1', 'Δ vs dense-ft', 'Δ vs dense', 'Params', 'MACs', 'Latency (ms, b64)',
      'Speed-up', 'Completed trials', 'Best trial'].map((label, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, label)))),
    h('tbody', {}, group.map(entryRow))));
}

function entryRow(entry) {
  const reference = entry.method === 'dense';
  const control = entry.method === 'dense-ft';
  return h('tr', { class: reference || control ? 'reference' : null, dataset: { method: entry.method, trialId: entry.trialId } },
    h('th', { scope: 'row' }, entry.method, reference ? ' (reference)' : '', control ? ' (control)' : ''),
    h('td', {}, budget(entry.budget)),
    h('td', { class: 'num' }, percent(entry.top1)),
    h('td', { class: 'num', dataset: { col: 'delta-ft' } }, control ? '–' : points(entry.deltaTop1VsDenseFt)),
    h('td', { class: 'num', dataset: { col: 'delta' } }, reference ? '–' : points(entry.deltaTop1VsDense)),
    h('td', { class: 'num' }, count(entry.params)),
    h('td', { class: 'num' }, count(entry.macs)),
    h('td', { class: 'num' }, number(entry.latencyMs)),
    h('td', { class: 'num' }, entry.speedupVsDense ? `${number(entry.speedupVsDense)}×` : '–'),
    h('td', { class: 'num' }, entry.completedTrials),
    h('td', { class: 'num' }, h('a', { href: `#/trials/${entry.trialId}` }, `${entry.label} #${entry.trialId}`),
      ' in ', h('a', { href: `#/sweeps/${entry.sweepId}` }, `sweep ${entry.sweepId}`)));
}

export function baselineTable(baselines) {
  if (!baselines.length) return h('p', {}, 'No published baseline for this selection.');
  return h('table', { id: 'baselines-table' },
    h('caption', {}, 'Published results (ImageNet-1k unless noted)'),
    h('thead', {}, h('tr', {}, ['Model', 'Dataset', 'Method', 'Params', 'MACs', 'Top-1', 'Source checkpoint', 'Teacher',
      'Epochs', 'FLOP convention', 'Citation', 'Notes'].map(label => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, baselines.map(b => h('tr', {},
      h('td', {}, b.model), h('td', {}, b.dataset), h('th', { scope: 'row' }, b.method),
      h('td', { class: 'num' }, count(b.params)), h('td', { class: 'num' }, count(b.macs)),
      h('td', { class: 'num' }, percent(b.top1)), h('td', {}, b.sourceCheckpoint || '–'), h('td', {}, b.teacher || '–'),
      h('td', { class: 'num' }, b.epochs ?? '–'), h('td', {}, b.flopConvention || '–'), h('td', {}, b.citation),
      h('td', {}, b.notes || '')))));
}
