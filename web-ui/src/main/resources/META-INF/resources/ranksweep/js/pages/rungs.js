// The Rungs view of a successive-halving sweep (spec key scheduler): per bracket, a chart of its rungs (x = the
// rung's fine-tuning epochs, a point per trial that reported there, lines following the promoted ones to their
// next rung) with the ranked table behind it; the decisions in the order they were taken, each with the standings
// it was taken on; and the hypervolume of the completed results after each completed trial. The charts expose how
// much they draw in data attributes.
import { get } from '../api.js';
import { h, replace, stateBadge } from '../dom.js';
import { percent, count, number, dateTime } from '../format.js';
import { createChart, PALETTE } from '../charts.js';

const STATUS_COLOURS = { COMPLETED: '#1e6b34', PROMOTED: PALETTE[0], WAITING: PALETTE[4], PRUNED: '#6b7280' };
const STATUSES = ['COMPLETED', 'PROMOTED', 'WAITING', 'PRUNED'];

/**
 * Draws the view into the section; returns a cleanup that disposes of its charts. The first objective's metric is
 * the chart's y axis (top-1 in percent when it is top1).
 */
export async function renderRungs(section, sweepId) {
  const [view, pareto] = await Promise.all([
    get(`/api/v1/sweeps/${sweepId}/scheduler`), get(`/api/v1/sweeps/${sweepId}/pareto`)]);
  const metric = view.objectives[0].metric;
  const charts = [];
  const bracketBoxes = view.brackets.map(bracket => {
    const chartBox = h('div', { class: 'chart small', id: `rung-chart-${bracket.bracket}` });
    return { bracket, chartBox };
  });
  const hypervolumeBox = h('div', { class: 'chart small', id: 'hypervolume-chart' });
  replace(section,
    h('h2', { id: 'rungs-title' }, 'Rungs'),
    h('p', { class: 'muted', id: 'rungs-ladder' }, ladderText(view)),
    countsList(view.counts),
    bracketBoxes.map(({ bracket, chartBox }) => h('section', { class: 'bracket', dataset: { bracket: bracket.bracket },
      'aria-label': `Bracket ${bracket.bracket}` },
    view.brackets.length > 1 ? h('h3', {}, `Bracket ${bracket.bracket}: rungs at ${bracket.epochs.join(', ')} epochs`) : null,
    chartBox, rungTables(bracket, metric))),
    h('h3', { id: 'hypervolume-title' }, 'Hypervolume after each completed trial'),
    h('p', { class: 'muted' }, hypervolumeText(pareto.hypervolume)),
    hypervolumeBox,
    h('h3', { id: 'decisions-title' }, 'Decisions'),
    h('p', { class: 'muted' }, 'In the order the scheduler took them; a promotion, completion or pruning lists the '
      + 'rung\'s standings at that moment, best first.'),
    decisionsTable(view.decisions));

  for (const { bracket, chartBox } of bracketBoxes) {
    const { chart, dispose } = await createChart(chartBox);
    charts.push(dispose);
    const built = rungChart(bracket, metric);
    chart.setOption(built.option, true);
    chart.on('click', event => {
      const entry = built.lookups[event.seriesIndex]?.[event.dataIndex];
      if (entry) location.hash = `#/trials/${entry.trialId}`;
    });
    chartBox.dataset.rungPoints = built.points;
    chartBox.dataset.promotions = built.promotions;
  }
  const { chart, dispose } = await createChart(hypervolumeBox);
  charts.push(dispose);
  chart.setOption(hypervolumeChart(pareto.hypervolume), true);
  hypervolumeBox.dataset.points = pareto.hypervolume.points.length;
  section.dataset.loaded = 'true';
  return () => charts.forEach(d => d());
}

function ladderText(view) {
  const objectives = view.objectives.map(o => `${o.metric} (${o.goal.toLowerCase()})`).join(', ');
  const constraints = view.constraints.length ? `; constraints ${view.constraints.join(', ')}` : '';
  return `${view.algorithm === 'hyperband' ? 'Hyperband' : 'ASHA'} over ${view.resource}: rungs from ${view.min} to `
    + `${view.max} epochs, η = ${view.eta} (the top 1/${view.eta} of a rung is promoted); ranked by ${objectives}${constraints}.`;
}

function countsList(counts) {
  return h('dl', { class: 'facts', id: 'rungs-counts' },
    h('dt', {}, 'Running or queued'), h('dd', {}, counts.running),
    h('dt', {}, 'Paused at a rung'), h('dd', {}, counts.paused),
    h('dt', {}, 'Pruned'), h('dd', {}, counts.pruned),
    h('dt', {}, 'Completed'), h('dd', {}, counts.completed));
}

function metricValue(metric, metrics) {
  const value = metrics[metric];
  return metric === 'top1' ? value * 100 : value;
}

function formatMetric(metric, value) {
  if (value === undefined || value === null) return '–';
  return metric === 'top1' ? percent(value) : metric === 'params' || metric === 'macs' ? count(value) : number(value, 3);
}

/**
 * One scatter series per status over the rungs' epochs, and one line per promoted trial from each rung it was
 * promoted out of to its report at the next rung.
 */
function rungChart(bracket, metric) {
  const lookups = [];
  const series = [];
  let points = 0;
  for (const status of STATUSES) {
    const entries = [];
    for (const rung of bracket.rungs) {
      for (const entry of rung.results.filter(e => e.status === status)) entries.push({ ...entry, epochs: rung.epochs });
    }
    points += entries.length;
    lookups.push(entries);
    series.push({ name: status.toLowerCase(), type: 'scatter', symbolSize: 10, z: 3,
      itemStyle: { color: STATUS_COLOURS[status] },
      data: entries.map(e => [String(e.epochs), metricValue(metric, e.metrics)]) });
  }
  let promotions = 0;
  bracket.rungs.forEach((rung, i) => {
    const next = bracket.rungs[i + 1];
    if (!next) return;
    for (const entry of rung.results.filter(e => e.status === 'PROMOTED')) {
      const there = next.results.find(e => e.index === entry.index);
      if (!there) continue;
      promotions++;
      lookups.push([entry, there]);
      series.push({ name: 'promotion', type: 'line', z: 2, symbol: 'none', silent: true,
        lineStyle: { color: STATUS_COLOURS.PROMOTED, width: 1.5, opacity: 0.6 },
        data: [[String(rung.epochs), metricValue(metric, entry.metrics)], [String(next.epochs), metricValue(metric, there.metrics)]] });
    }
  });
  const option = {
    aria: { enabled: true },
    animation: false,
    grid: { left: 70, right: 130, top: 30, bottom: 50 },
    legend: { orient: 'vertical', right: 0, top: 30, data: STATUSES.map(s => s.toLowerCase()).concat('promotion') },
    tooltip: { trigger: 'item', confine: true, formatter: e => {
      const entry = lookups[e.seriesIndex]?.[e.dataIndex];
      return entry ? `<b>${escape(entry.label)}</b> #${entry.trialId}<br>${escape(metric)} ${formatMetric(metric, entry.metrics[metric])}`
        + (entry.status ? `<br>${entry.status.toLowerCase()}` : '') : '';
    } },
    xAxis: { type: 'category', name: 'Fine-tuning epochs (rung)', nameLocation: 'middle', nameGap: 30,
      data: bracket.epochs.map(String), boundaryGap: true },
    yAxis: { type: 'value', name: metric === 'top1' ? 'Held-out top-1 (%)' : metric, scale: true },
    series,
  };
  return { option, lookups, points, promotions };
}

function rungTables(bracket, metric) {
  return bracket.rungs.map(rung => h('table', { class: 'rung-table', dataset: { bracket: bracket.bracket, rung: rung.rung } },
    h('caption', {}, `Rung ${rung.rung} (${rung.epochs} epochs): ${rung.results.length} reported, best first`),
    h('thead', {}, h('tr', {}, ['Rank', 'Trial', ...metricsOf(rung), 'Status'].map((label, i) =>
      h('th', { scope: 'col', class: i === 0 ? 'num' : null }, label)))),
    h('tbody', {}, rung.results.length ? rung.results.map((entry, i) => h('tr', { dataset: { status: entry.status } },
      h('td', { class: 'num' }, i + 1),
      h('th', { scope: 'row' }, h('a', { href: `#/trials/${entry.trialId}` }, `${entry.label} #${entry.trialId}`)),
      metricsOf(rung).map(m => h('td', { class: 'num' }, formatMetric(m, entry.metrics[m]))),
      h('td', {}, statusBadge(entry.status))))
      : h('tr', {}, h('td', { colspan: 3 + metricsOf(rung).length }, 'No trial reported here yet.')))));
}

function metricsOf(rung) {
  return [...new Set(rung.results.flatMap(e => Object.keys(e.metrics)))].sort();
}

function statusBadge(status) {
  return h('span', { class: `state rung-${status}` }, status.toLowerCase());
}

function decisionsTable(decisions) {
  return h('table', { id: 'decisions-table' },
    h('caption', {}, `${decisions.length} decisions, oldest first`),
    h('thead', {}, h('tr', {}, ['#', 'Time', 'Decision', 'Trial', 'Rung', 'Standings at that moment'].map((label, i) =>
      h('th', { scope: 'col', class: i === 0 ? 'num' : null }, label)))),
    h('tbody', {}, decisions.map(d => h('tr', { dataset: { kind: d.kind, trialId: d.trialId } },
      h('td', { class: 'num' }, d.seq),
      h('td', {}, dateTime(d.recordedAt)),
      h('td', {}, stateBadge(d.kind.toUpperCase())),
      h('th', { scope: 'row' }, h('a', { href: `#/trials/${d.trialId}` }, `${d.label} #${d.trialId}`)),
      h('td', {}, `${d.rung} (${d.epochs} epochs)${d.bracket ? `, bracket ${d.bracket}` : ''}`),
      h('td', {}, d.reason ? d.reason : standings(d))))));
}

function standings(decision) {
  if (!decision.standings.length) return '–';
  // A promotion is decided on the standings of the rung the trial leaves, the others on those of its own rung.
  const rung = decision.kind === 'Promoted' ? decision.rung - 1 : decision.rung;
  const place = decision.standings.findIndex(s => s.index === decision.index) + 1;
  const summary = place ? `ranked ${place} of ${decision.standings.length} at rung ${rung}`
    : `${decision.standings.length} at rung ${rung}`;
  return h('details', {}, h('summary', {}, summary),
    h('ol', { class: 'standings' }, decision.standings.map(s => h('li', { class: s.index === decision.index ? 'decided' : null },
      `${s.label} #${s.trialId}: `, Object.keys(s.metrics).sort().map(m => `${m} ${formatMetric(m, s.metrics[m])}`).join(', '),
      s.promoted ? ' (promoted before)' : ''))));
}

function hypervolumeText(series) {
  const objectives = series.objectives.map(o => `${o.metric} (${o.goal.toLowerCase()})`).join(', ');
  const from = series.referenceFrom === 'dense' ? 'the dense model\'s values' : 'the largest value seen × 1.1';
  const reference = Object.entries(series.reference).map(([m, v]) => `${m} ${formatMetric(m, v)}`).join(', ');
  return `Of the completed results under ${objectives}, in completion order. Reference point: 0 for maximised `
    + `objectives, ${from} for minimised ones${reference ? ` (${reference})` : ''}.`;
}

function hypervolumeChart(series) {
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 90, right: 30, top: 30, bottom: 50 },
    tooltip: { trigger: 'axis', confine: true, formatter: items => {
      const p = series.points[items[0].dataIndex];
      return `<b>${escape(p.label)}</b> #${p.trialId}, completed ${dateTime(p.endedAt)}<br>hypervolume ${p.hypervolume.toPrecision(4)}`;
    } },
    xAxis: { type: 'category', name: 'Completed trials', nameLocation: 'middle', nameGap: 30,
      data: series.points.map((p, i) => String(i + 1)) },
    yAxis: { type: 'value', name: 'Hypervolume', scale: true },
    series: [{ name: 'hypervolume', type: 'line', step: 'end', symbolSize: 7,
      itemStyle: { color: PALETTE[2] }, data: series.points.map(p => p.hypervolume) }],
  };
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
