// The sweep's points (label and budget) summarised over seeds: mean ± 95 % interval of top-1 and of the paired
// differences to dense-ft and dense, ordered by mean top-1, each row marked against the next as within noise or
// separated. Only worth showing when some point ran more than one seed.
import { h } from '../dom.js';
import { percent, points, count, DASH } from '../format.js';

const LEGEND = 'Mean over seeds ± half-width of the 95 % confidence interval (Student\'s t, n − 1 degrees of freedom). '
  + 'ΔFT and ΔDENSE are paired per seed: each seed\'s trial minus the dense model fine-tuned with the same recipe '
  + '(dense-ft), or minus the untouched dense model, of the same seed. A row is "within noise" of the next when the '
  + '95 % interval of their per-seed top-1 differences contains 0 (every seed trains its own base, so rows are '
  + 'compared seed by seed; with fewer than two common seeds, when their top-1 intervals overlap); only "separated" '
  + 'rows are ordered beyond noise.';

/** Whether the summaries are worth a table: some point has more than one seed. */
export function hasSeveralSeeds(summaries) {
  return summaries.some(summary => summary.trials > 1);
}

/** The summary table with its legend; rows best mean top-1 first, points without a result last. */
export function summaryTable(summaries) {
  const rows = [...summaries].sort(byMeanTop1);
  return [
    h('p', { class: 'muted', id: 'summary-legend' }, LEGEND),
    h('table', { id: 'summary-table' }, h('caption', {}, 'Points of this sweep, best mean top-1 first'),
      h('thead', {}, h('tr', {}, ['Point', 'Method', 'Top-1 (mean ± 95 % CI)', 'ΔFT vs dense-ft', 'ΔDENSE vs dense',
        'Seeds completed', 'Params', 'Against the next row']
        .map((label, i) => h('th', { scope: 'col', class: i >= 2 && i <= 6 ? 'num' : null }, label)))),
      h('tbody', {}, rows.map((summary, i) => summaryRow(summary, rows[i + 1])))),
  ];
}

function byMeanTop1(a, b) {
  if (!a.top1 || !b.top1) return (a.top1 ? 0 : 1) - (b.top1 ? 0 : 1);
  return b.top1.mean - a.top1.mean;
}

function summaryRow(summary, next) {
  const mark = noiseMark(summary, next);
  const reference = summary.method === 'dense' || summary.method === 'dense-ft';
  return h('tr', { class: reference ? 'reference' : null, dataset: { point: pointName(summary), noise: mark.kind } },
    h('th', { scope: 'row' }, pointName(summary)),
    h('td', {}, summary.method),
    h('td', { class: 'num', dataset: { col: 'top1' } }, interval(summary.top1, percent, pp)),
    h('td', { class: 'num', dataset: { col: 'delta-ft' } }, summary.method === 'dense-ft' ? DASH
      : interval(summary.deltaVsDenseFt, points, pp)),
    h('td', { class: 'num', dataset: { col: 'delta-dense' } }, summary.method === 'dense' ? DASH
      : interval(summary.deltaVsDense, points, pp)),
    h('td', { class: 'num' }, `${summary.completed} / ${summary.trials}`),
    h('td', { class: 'num' }, count(summary.params === null ? null : Math.round(summary.params))),
    h('td', { class: `noise ${mark.kind}` }, mark.text));
}

/** How rows name a point, as the API's withinNoiseOf does: label, or label@budget. */
export function pointName(summary) {
  return summary.budget === null || summary.budget === undefined ? summary.label : `${summary.label}@${summary.budget}`;
}

function noiseMark(summary, next) {
  if (!next || !next.top1 || !summary.top1) return { kind: 'none', text: '' };
  const name = pointName(next);
  if ((summary.withinNoiseOf || []).includes(name)) return { kind: 'within', text: `within noise of ${name}` };
  return { kind: 'separated', text: `separated from ${name}` };
}

/** "79.00% ± 0.52 pp"; one value has no interval and says so (the seeds column gives n). */
function interval(value, formatMean, formatHalf) {
  if (!value) return DASH;
  if (value.halfWidth === null || value.halfWidth === undefined) return `${formatMean(value.mean)} (1 seed, no interval)`;
  return `${formatMean(value.mean)} ± ${formatHalf(value.halfWidth)}`;
}

function pp(fraction) {
  return `${(fraction * 100).toFixed(2)} pp`;
}
