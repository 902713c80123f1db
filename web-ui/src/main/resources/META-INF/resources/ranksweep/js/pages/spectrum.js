// The base model's spectrum as the worker records it (phase "spectrum"): per block (epoch = block index + 1) the
// 90 % energy rank of the per-head Q·K and V·O products (mean over heads, and the largest head) and of the whole
// W_Q, W_K, W_V, W_O; at epoch 0 the whole-model means and the head width d_h.
import { h } from '../dom.js';
import { number } from '../format.js';
import { PALETTE } from '../charts.js';

const PRODUCTS = [['qk', 'Q·K'], ['vo', 'V·O']];
const MATRICES = [['q', 'W_Q'], ['k', 'W_K'], ['v', 'W_V'], ['o', 'W_O']];
/** Share of d_h a random (untrained) per-head product needs for 90 % of its energy. */
const RANDOM_SHARE = 0.7;

/** The spectrum in the trial's metrics, or null when it recorded none; a later value replaces an earlier one. */
export function spectrumOf(metrics) {
  const values = new Map();
  for (const { metric } of metrics) {
    if (metric.phase === 'spectrum') values.set(`${metric.epoch}/${metric.split}/${metric.name}`, metric.value);
  }
  const value = (epoch, split, name) => values.get(`${epoch}/${split}/${name}`) ?? null;
  const epochs = [...new Set(metrics.filter(m => m.metric.phase === 'spectrum' && m.metric.epoch > 0)
    .map(m => m.metric.epoch))].sort((a, b) => a - b);
  if (!epochs.length) return null;
  const blocks = epochs.map(epoch => {
    const block = { index: epoch - 1 };
    for (const [split] of PRODUCTS) {
      block[split] = value(epoch, split, 'rank90');
      block[`${split}Max`] = value(epoch, split, 'rank90max');
    }
    for (const [split] of MATRICES) block[split] = value(epoch, split, 'rank90');
    return block;
  });
  return { blocks, headWidth: value(0, 'all', 'headWidth'), width: value(0, 'all', 'width'),
    meanQk: value(0, 'qk', 'rank90'), meanVo: value(0, 'vo', 'rank90') };
}

/** Heading, explanation, chart element and the same numbers as a table. */
export function spectrumSection(spectrum, chartElement) {
  return h('section', { id: 'spectrum', 'aria-labelledby': 'spectrum-title' },
    h('h2', { id: 'spectrum-title' }, 'Base model spectrum'),
    h('p', { class: 'explain', id: 'spectrum-explain' },
      'How many singular values hold 90 % of the energy (squared singular values) of each block\'s attention ',
      'matrices in the base model. Low means compressible: trained per-head products W_Q·W_Kᵀ and W_V·W_O are close ',
      'to low rank, while random ones need about 70 % of the head width d_h', spectrum.headWidth ? ` (= ${spectrum.headWidth})` : '',
      '. Solid bars are the mean over heads, the pale part on top reaches the largest head',
      spectrum.width ? `; whole projections are compared with the model width d = ${spectrum.width}.` : '.',
      spectrum.meanQk !== null ? ` Mean over blocks and heads: Q·K ${number(spectrum.meanQk, 1)}, V·O ${number(spectrum.meanVo, 1)}.` : ''),
    chartElement, spectrumTable(spectrum));
}

/**
 * Two panels: per-head products against d_h (solid bar the mean over heads, the pale part on top reaching the
 * largest head), whole projections against d when the worker recorded it.
 */
export function spectrumOption(spectrum) {
  const categories = spectrum.blocks.map(b => `block ${b.index}`);
  const bars = (split, name, color, axis, extra = {}) => ({ name, type: 'bar', xAxisIndex: axis, yAxisIndex: axis,
    data: spectrum.blocks.map(b => b[split]), itemStyle: { color }, ...extra });
  const products = PRODUCTS.flatMap(([split, name], i) => [
    bars(split, `${name} mean over heads`, PALETTE[i], 0, { stack: split }),
    { ...bars(split, `${name} up to the largest head`, PALETTE[i], 0, { stack: split }),
      data: spectrum.blocks.map(b => b[`${split}Max`] === null || b[split] === null ? null : b[`${split}Max`] - b[split]),
      itemStyle: { color: PALETTE[i], opacity: 0.3, borderColor: PALETTE[i], borderType: 'dashed', borderWidth: 1 } }]);
  products[0].markLine = referenceLines(spectrum.headWidth ? [
    { yAxis: spectrum.headWidth, name: `d_h = ${spectrum.headWidth}` },
    { yAxis: RANDOM_SHARE * spectrum.headWidth, name: `random ≈ ${Math.round(RANDOM_SHARE * 100)} % of d_h` }] : []);
  const matrices = MATRICES.map(([split, name], i) => bars(split, name, PALETTE[i + 2], 1));
  matrices[0].markLine = referenceLines(spectrum.width ? [{ yAxis: spectrum.width, name: `d = ${spectrum.width}` }] : []);
  const axis = (gridIndex, max) => ({ type: 'value', gridIndex, name: '90 % energy rank', min: 0, max: max || null });
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis', formatter: items => tooltip(spectrum, items) },
    legend: { type: 'scroll', top: 0 },
    title: [{ text: `Per-head products W_Q·W_Kᵀ, W_V·W_O${spectrum.headWidth ? ' (vs d_h)' : ''}`, left: '4%', top: 28,
      textStyle: { fontSize: 13 } },
    { text: `Whole projections${spectrum.width ? ' (vs d)' : ''}`, left: '54%', top: 28, textStyle: { fontSize: 13 } }],
    grid: [{ left: 55, right: '52%', top: 80, bottom: 40 }, { left: '56%', right: 20, top: 80, bottom: 40 }],
    xAxis: [{ type: 'category', gridIndex: 0, data: categories }, { type: 'category', gridIndex: 1, data: categories }],
    yAxis: [axis(0, spectrum.headWidth), axis(1, spectrum.width)],
    series: [...products, ...matrices],
  };
}

/** The block's ranks as text, not the stacked increments the bars are drawn from. */
function tooltip(spectrum, items) {
  const block = spectrum.blocks[items[0].dataIndex];
  const products = PRODUCTS.map(([split, name]) => `${name} mean ${number(block[split], 1)}, max ${number(block[`${split}Max`], 1)}`);
  const matrices = MATRICES.map(([split, name]) => `${name} ${number(block[split], 1)}`).join(' · ');
  return [`block ${block.index}`, ...products, matrices].join('<br>');
}

function referenceLines(lines) {
  return { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#4d5562' },
    label: { formatter: params => params.name, position: 'insideEndTop' }, data: lines };
}

function spectrumTable(spectrum) {
  const columns = [['qk', 'Q·K mean'], ['qkMax', 'Q·K max'], ['vo', 'V·O mean'], ['voMax', 'V·O max'], ...MATRICES];
  return h('details', {}, h('summary', {}, 'Spectrum as a table'),
    h('table', { id: 'spectrum-table' }, h('caption', {}, '90 % energy rank per block'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Block'),
        columns.map(([, label]) => h('th', { scope: 'col', class: 'num' }, label)))),
      h('tbody', {}, spectrum.blocks.map(block => h('tr', {}, h('th', { scope: 'row' }, block.index),
        columns.map(([key]) => h('td', { class: 'num' }, number(block[key], 1))))))));
}
