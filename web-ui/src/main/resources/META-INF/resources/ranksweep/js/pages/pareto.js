// Pareto plot: a sweep's trials (top-1 against parameters or MACs), the server-computed Pareto front, and
// published baselines with their citations. The chart exposes how many points it draws in data attributes.
import { get } from '../api.js';
import { h, replace, heading } from '../dom.js';
import { percent, count, budget } from '../format.js';
import { replaceQuery } from '../router.js';
import { createChart, PALETTE } from '../charts.js';

const AXES = { params: 'Parameters', macs: 'MACs per image' };
const LARGE = 2000;

export async function render(main, [sweepId], query) {
  if (!sweepId) return latestSweep(main);
  const [sweep, pareto, baselines] = await Promise.all([
    get(`/api/v1/sweeps/${sweepId}`), get(`/api/v1/sweeps/${sweepId}/pareto`), get('/api/v1/baselines')]);
  if (sweep.customization) {
    replace(main, heading(`Pareto front of sweep ${sweep.name}`),
      h('p', { id: 'pareto-note' }, `Sweep ${sweep.name} customizes a generator: its trials' top-1 is a concept `
        + 'fidelity and their parameters are the ones they trained, so they have no accuracy–size front. ',
        h('a', { href: `#/sweeps/${sweepId}` }, 'Its Customization section'),
        ' compares the methods by time, bytes and fidelity.'));
    return null;
  }
  const options = {
    axis: query.get('axis') === 'macs' ? 'macs' : 'params',
    log: query.get('log') === 'true',
    baselines: ['same', 'all', 'none'].includes(query.get('baselines')) ? query.get('baselines') : 'same',
  };
  const chartBox = h('div', { class: 'chart', id: 'pareto-chart' });
  const note = h('p', { class: 'muted', id: 'pareto-note' });
  const tables = h('div', {});
  replace(main, heading(`Pareto front of sweep ${sweep.name}`),
    h('p', {}, h('a', { href: `#/sweeps/${sweepId}` }, '← Back to the sweep')),
    controls(options, () => draw()), chartBox, note, tables);
  const { chart, dispose } = await createChart(chartBox);
  let lookups = [];
  chart.on('click', event => {
    const item = lookups[event.seriesIndex]?.[event.dataIndex];
    if (item && item.point) location.hash = `#/trials/${item.point.trialId}`;
  });

  const draw = () => {
    replaceQuery(options);
    const shownBaselines = selectBaselines(baselines, pareto.dataset, options);
    const front = frontOf(pareto.points, options.axis);
    const built = chartOption(pareto, front, shownBaselines, options);
    lookups = built.lookups;
    chart.setOption(built.option, true);
    chartBox.dataset.trialPoints = pareto.points.length;
    chartBox.dataset.frontPoints = front.length;
    chartBox.dataset.baselinePoints = shownBaselines.plotted.length;
    note.textContent = describe(pareto, shownBaselines, options);
    replace(tables, frontTable(front, options.axis));
  };
  draw();
  return dispose;
}

async function latestSweep(main) {
  const sweeps = await get('/api/v1/sweeps', { limit: 1 });
  if (sweeps.length) {
    location.replace(`#/sweeps/${sweeps[0].id}/pareto`);
    return null;
  }
  replace(main, heading('Pareto front'), h('p', {}, 'No sweep yet. ', h('a', { href: '#/submit' }, 'Submit one.')));
  return null;
}

function controls(options, redraw) {
  const radio = axis => h('label', {}, h('input', { type: 'radio', name: 'axis', value: axis, checked: options.axis === axis,
    onchange: () => { options.axis = axis; redraw(); } }), ` ${AXES[axis]}`);
  return h('div', { class: 'toolbar' },
    h('fieldset', {}, h('legend', {}, 'Cost axis'), radio('params'), radio('macs')),
    h('div', {}, h('label', { for: 'log-scale' }, 'Scale'),
      h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'log-scale', checked: options.log,
        onchange: e => { options.log = e.target.checked; redraw(); } }), ' logarithmic cost axis')),
    h('div', {}, h('label', { for: 'baseline-choice' }, 'Published baselines'),
      h('select', { id: 'baseline-choice', onchange: e => { options.baselines = e.target.value; redraw(); } },
        [['same', 'same dataset as the sweep'], ['all', 'all datasets'], ['none', 'none']].map(([value, text]) =>
          h('option', { value, selected: options.baselines === value }, text)))));
}

/** Baselines to draw: those with a value on the chosen axis; the rest are counted so the note can say so. */
function selectBaselines(baselines, dataset, options) {
  const chosen = options.baselines === 'none' ? []
    : baselines.filter(b => options.baselines === 'all' || b.dataset === dataset);
  const plotted = chosen.filter(b => b[options.axis] !== null && b[options.axis] !== undefined && b.top1 !== null);
  return { plotted, unplotted: chosen.length - plotted.length };
}

function frontOf(points, axis) {
  const flag = axis === 'macs' ? 'frontByMacs' : 'frontByParams';
  return points.filter(p => p[flag]).sort((a, b) => a[axis] - b[axis]);
}

/**
 * The chart's option plus, per series, the trial or baseline behind each data index: data stay plain [x, y]
 * pairs, which ECharts' large mode for big sweeps requires.
 */
function chartOption(pareto, front, baselines, options) {
  const methods = [...new Set(pareto.points.map(p => p.method))].sort();
  const lookups = [];
  const series = methods.map((method, i) => {
    const points = pareto.points.filter(p => p.method === method);
    lookups.push(points.map(point => ({ point })));
    return { name: method, type: 'scatter', data: points.map(p => xy(p, options.axis)), symbolSize: 7,
      large: points.length > LARGE, largeThreshold: LARGE, itemStyle: { color: PALETTE[i % PALETTE.length], opacity: 0.75 } };
  });
  lookups.push(front.map(point => ({ point })));
  series.push({ name: 'Pareto front', type: 'line', step: 'end', data: front.map(p => xy(p, options.axis)),
    symbol: 'circle', symbolSize: 11, z: 5, lineStyle: { width: 2, color: '#1b1f24' },
    itemStyle: { color: '#ffffff', borderColor: '#1b1f24', borderWidth: 2.5 } });
  lookups.push(baselines.plotted.map(baseline => ({ baseline })));
  series.push({ name: 'Published baselines', type: 'scatter', symbol: 'diamond', symbolSize: 13, z: 6,
    data: baselines.plotted.map(b => [b[options.axis], b.top1 * 100]),
    itemStyle: { color: '#5b2a86', borderColor: '#1b1f24', borderWidth: 1 },
    label: { show: true, position: 'right', color: '#1b1f24', fontSize: 11,
      formatter: e => baselines.plotted[e.dataIndex].method } });
  const option = {
    aria: { enabled: true },
    animation: false,
    grid: { left: 70, right: 150, top: 40, bottom: 60 },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 40 },
    tooltip: { trigger: 'item', confine: true, formatter: e => tooltip(lookups[e.seriesIndex]?.[e.dataIndex]) },
    xAxis: { type: options.log ? 'log' : 'value', name: AXES[options.axis], nameLocation: 'middle', nameGap: 35,
      scale: true, axisLabel: { formatter: v => count(v) } },
    yAxis: { type: 'value', name: 'Top-1 (%)', scale: true },
    series,
  };
  return { option, lookups };
}

function xy(point, axis) {
  return [point[axis], point.top1 * 100];
}

function tooltip(item) {
  if (!item) return '';
  const lines = [];
  if (item.baseline) {
    const b = item.baseline;
    lines.push(`<b>${escape(b.method)}</b> on ${escape(b.model)} (${escape(b.dataset)})`,
      `top-1 ${percent(b.top1)} · params ${count(b.params)} · MACs ${count(b.macs)}`,
      `source: ${escape(b.sourceCheckpoint || '–')} · teacher: ${escape(b.teacher || '–')} · epochs: ${b.epochs ?? '–'}`,
      `FLOP convention: ${escape(b.flopConvention || '–')}`, `<i>${escape(b.citation)}</i>`);
  } else {
    const p = item.point;
    lines.push(`<b>${escape(p.label)}</b> #${p.trialId} (${escape(p.method)}, budget ${budget(p.budget)})`,
      `top-1 ${percent(p.top1)} · params ${count(p.params)} · MACs ${count(p.macs)}`,
      p.frontByParams || p.frontByMacs ? 'on a Pareto front' : '');
  }
  return lines.filter(Boolean).join('<br>');
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function describe(pareto, baselines, options) {
  const parts = [`${pareto.points.length} completed trials of ${pareto.dataset || 'this sweep'}`,
    `Pareto front by ${AXES[options.axis].toLowerCase()}`, `${baselines.plotted.length} published baselines`];
  if (baselines.unplotted) parts.push(`${baselines.unplotted} baselines without a published ${options.axis === 'macs' ? 'MAC' : 'parameter'} count are not drawn`);
  return `${parts.join('; ')}.`;
}

function frontTable(front, axis) {
  return h('table', { id: 'front-table' },
    h('caption', {}, `Trials on the Pareto front (by ${AXES[axis].toLowerCase()}), cheapest first`),
    h('thead', {}, h('tr', {}, ['Trial', 'Method', 'Budget', 'Params', 'MACs', 'Top-1'].map((label, i) =>
      h('th', { scope: 'col', class: i > 2 ? 'num' : null }, label)))),
    h('tbody', {}, front.map(p => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/trials/${p.trialId}` }, `${p.label} #${p.trialId}`)),
      h('td', {}, p.method), h('td', {}, budget(p.budget)), h('td', { class: 'num' }, count(p.params)),
      h('td', { class: 'num' }, count(p.macs)), h('td', { class: 'num' }, percent(p.top1))))));
}
