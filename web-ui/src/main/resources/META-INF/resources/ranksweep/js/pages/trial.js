// Trial detail: configuration, attempts, result with artifact and checksum, per-epoch curves from the recorded
// metrics, a per-layer rank heatmap when the result holds qk/vo rank lists, and the base model's spectrum (90 %
// energy ranks per block) when the trial recorded one. A customization trial shows what it measured (fidelity,
// retention, Fréchet distance, bytes and time) and its sample grid instead of compression costs.
import { get } from '../api.js';
import { h, replace, heading, stateBadge } from '../dom.js';
import { percent, points, count, number, budget, dateTime, bytes } from '../format.js';
import { createChart, PALETTE } from '../charts.js';
import { spectrumOf, spectrumSection, spectrumOption } from './spectrum.js';
import { conceptWord, methodName } from './customization.js';

export async function render(main, [trialId]) {
  const trial = await get(`/api/v1/trials/${trialId}`);
  const curves = h('div', { class: 'chart small', id: 'curves-chart' });
  const heat = h('div', { class: 'chart small', id: 'rank-heatmap' });
  const ranks = rankLists(trial.result);
  const spectrum = spectrumOf(trial.metrics);
  const spectrumChart = h('div', { class: 'chart', id: 'spectrum-chart' });
  const curveMetrics = trial.metrics.filter(m => m.metric.phase !== 'spectrum');
  replace(main, heading(`Trial ${trial.label} #${trial.id}`),
    h('p', {}, h('a', { href: `#/sweeps/${trial.sweepId}` }, `← Sweep ${trial.sweepId}`)),
    h('div', { class: 'cards' },
      h('section', { class: 'card', 'aria-labelledby': 'overview-title' }, h('h2', { id: 'overview-title' }, 'Overview'), overview(trial)),
      h('section', { class: 'card', 'aria-labelledby': 'result-title' }, h('h2', { id: 'result-title' }, 'Result'),
        trial.result?.customization ? customizationResult(trial) : result(trial))),
    trial.result?.customization ? samples(trial) : null,
    h('h2', { id: 'curves-title' }, 'Per-epoch metrics'),
    curveMetrics.length ? [metricPicker(curveMetrics, () => drawCurves()), curves, metricTable(trial.metrics)]
      : [h('p', {}, 'No per-epoch metrics recorded yet.'), trial.metrics.length ? metricTable(trial.metrics) : null],
    spectrum ? spectrumSection(spectrum, spectrumChart) : null,
    h('h2', { id: 'ranks-title' }, 'Per-layer ranks'),
    ranks ? [heat, rankTable(ranks)] : h('p', { id: 'no-ranks' }, 'This result has no per-layer qk/vo ranks (dense, head pruning, or not completed).'),
    h('h2', {}, 'Attempts'), attempts(trial.attemptHistory),
    h('h2', {}, 'Configuration'), h('pre', { class: 'config', tabindex: '0', 'aria-label': 'Trial configuration as JSON' },
      JSON.stringify(trial.config, null, 2)));

  const disposers = [];
  let drawCurves = () => {};
  if (curveMetrics.length) {
    const { chart, dispose } = await createChart(curves);
    disposers.push(dispose);
    drawCurves = () => chart.setOption(curvesOption(curveMetrics, main.querySelector('#metric-name').value), true);
    drawCurves();
  }
  if (spectrum) {
    const { chart, dispose } = await createChart(spectrumChart);
    disposers.push(dispose);
    chart.setOption(spectrumOption(spectrum));
    spectrumChart.dataset.blocks = spectrum.blocks.length;
  }
  if (ranks) {
    const { chart, dispose } = await createChart(heat);
    disposers.push(dispose);
    chart.setOption(heatmapOption(ranks));
    heat.dataset.layers = ranks.qk.length;
  }
  return () => disposers.forEach(dispose => dispose());
}

function overview(trial) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'State'), h('dd', {}, stateBadge(trial.state), trial.reason ? ` ${trial.reason}` : ''),
    h('dt', {}, 'Method'), h('dd', {}, trial.method),
    h('dt', {}, 'Budget'), h('dd', {}, budget(trial.budget)),
    h('dt', {}, 'Seed'), h('dd', {}, trial.seed),
    h('dt', {}, 'Dataset · model'), h('dd', {}, `${trial.config.dataset?.name ?? '–'} · ${trial.config.model?.arch ?? '–'}`),
    h('dt', {}, 'Attempts'), h('dd', {}, `${trial.attempts} of ${trial.maxAttempts}`),
    h('dt', {}, 'Created'), h('dd', {}, dateTime(trial.createdAt)),
    h('dt', {}, 'Started'), h('dd', {}, dateTime(trial.startedAt)),
    h('dt', {}, 'Ended'), h('dd', {}, dateTime(trial.endedAt)),
    h('dt', {}, 'Content hash'), h('dd', {}, h('code', {}, trial.contentHash)),
    trial.reusedFromTrialId ? [h('dt', {}, 'Reused result of'), h('dd', {}, h('a', { href: `#/trials/${trial.reusedFromTrialId}` }, `trial ${trial.reusedFromTrialId}`))] : null);
}

function result(trial) {
  const r = trial.result;
  if (!r) return h('p', {}, 'No result yet.');
  return h('dl', { class: 'facts', id: 'result-facts' },
    h('dt', {}, 'Top-1'), h('dd', {}, percent(r.top1)),
    h('dt', {}, 'Δ vs dense-ft'), h('dd', { id: 'delta-ft' }, points(trial.deltaTop1VsDenseFt)),
    h('dt', {}, 'Δ vs dense'), h('dd', { id: 'delta-dense' }, points(trial.deltaTop1VsDense)),
    h('dt', {}, 'Params'), h('dd', {}, `${count(r.params)} (${r.params})`),
    h('dt', {}, 'Attention params'), h('dd', {}, count(r.attentionParams)),
    h('dt', {}, 'MACs per image'), h('dd', {}, `${count(r.macs)} (${r.macs})`),
    h('dt', {}, 'Latency batch 1'), h('dd', {}, `${number(r.latencyMsBatch1)} ms`),
    h('dt', {}, 'Latency batch 64'), h('dd', {}, `${number(r.latencyMsBatch64)} ms`),
    h('dt', {}, 'Speed-up vs dense'), h('dd', {}, trial.speedupVsDense ? `${number(trial.speedupVsDense)}×` : '–'),
    h('dt', {}, 'Artifact'), h('dd', { id: 'artifact-path' }, h('code', {}, r.artifactPath || '–')),
    h('dt', {}, 'SHA-256'), h('dd', { id: 'artifact-sha' }, h('code', {}, r.artifactSha256 || '–')));
}

function customizationResult(trial) {
  const r = trial.result;
  const c = r.customization;
  return h('dl', { class: 'facts', id: 'result-facts' },
    h('dt', {}, 'Concept'), h('dd', { id: 'concept' }, `${conceptWord(c.concept)} (label ${c.concept})`),
    h('dt', {}, 'Method'), h('dd', {}, methodName(trial.method, c.rank)),
    h('dt', {}, 'Fidelity'), h('dd', { id: 'fidelity' }, percent(c.fidelity, 1)),
    h('dt', {}, 'Retention'), h('dd', { id: 'retention' }, percent(c.retention, 1)),
    h('dt', {}, 'Fréchet distance'), h('dd', { id: 'frechet' }, number(c.frechetDistance, 2)),
    h('dt', {}, 'Trained params'), h('dd', {}, `${count(c.trainedParams)} (${c.trainedParams})`),
    h('dt', {}, 'Delta'), h('dd', { id: 'delta-bytes' }, bytes(c.deltaBytes)),
    h('dt', {}, 'Training'), h('dd', { id: 'training-time' },
      `${number(c.trainingSeconds, 1)} s, ${number(c.secondsPerStep * 1000, 1)} ms per step`),
    h('dt', {}, 'Final loss'), h('dd', {}, number(c.finalLoss, 4)),
    h('dt', {}, 'Artifact'), h('dd', { id: 'artifact-path' }, h('code', {}, r.artifactPath || '–')),
    h('dt', {}, 'Delta SHA-256'), h('dd', { id: 'artifact-sha' }, h('code', {}, r.artifactSha256 || '–')));
}

function samples(trial) {
  const c = trial.result.customization;
  const name = methodName(trial.method, c.rank);
  return h('section', { id: 'trial-samples', 'aria-labelledby': 'samples-title' },
    h('h2', { id: 'samples-title' }, 'Samples'),
    h('figure', { class: 'samples' },
      h('img', { src: `/api/v1/trials/${trial.id}/samples.png`, alt: `64 samples of "a photo of a v*" after ${name} `
        + `learned the concept ${conceptWord(c.concept)}, seed ${trial.seed}` }),
      h('figcaption', {}, `The first samples of "a photo of a v*" the judge counted, 16 per row; `
        + `${percent(c.fidelity, 1)} of all of them were judged ${conceptWord(c.concept)}.`)));
}

function metricPicker(metrics, redraw) {
  const names = [...new Set(metrics.map(m => m.metric.name))].sort();
  const preferred = names.includes('top1') ? 'top1' : names[0];
  return h('div', { class: 'toolbar' }, h('div', {}, h('label', { for: 'metric-name' }, 'Metric'),
    h('select', { id: 'metric-name', onchange: redraw },
      names.map(name => h('option', { value: name, selected: name === preferred }, name)))));
}

/** One line per attempt, phase and split of the chosen metric, against the epoch. */
function curvesOption(metrics, name) {
  const lines = new Map();
  for (const stored of metrics.filter(m => m.metric.name === name)) {
    const key = `${stored.metric.phase} · ${stored.metric.split} · attempt ${stored.attemptNumber}`;
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key).push([stored.metric.epoch, stored.metric.value]);
  }
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 45 },
    xAxis: { type: 'value', name: 'Epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name, scale: true },
    series: [...lines.entries()].map(([key, data], i) => ({ name: key, type: 'line', data: data.sort((a, b) => a[0] - b[0]),
      symbolSize: 6, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
  };
}

function metricTable(metrics) {
  return h('details', {}, h('summary', {}, `All ${metrics.length} recorded values`),
    h('table', {}, h('thead', {}, h('tr', {}, ['Attempt', 'Phase', 'Epoch', 'Split', 'Metric', 'Value', 'Recorded']
      .map(label => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, metrics.map(m => h('tr', {}, h('td', {}, m.attemptNumber), h('td', {}, m.metric.phase),
      h('td', { class: 'num' }, m.metric.epoch), h('td', {}, m.metric.split), h('td', {}, m.metric.name),
      h('td', { class: 'num' }, number(m.metric.value, 4)), h('td', {}, dateTime(m.recordedAt)))))));
}

/** The result's per-layer ranks, when it holds qk and vo lists of the same length. */
function rankLists(result) {
  const ranks = result && result.ranks;
  if (!ranks || !Array.isArray(ranks.qk) || !Array.isArray(ranks.vo) || ranks.qk.length !== ranks.vo.length
      || !ranks.qk.length) return null;
  return { qk: ranks.qk.map(Number), vo: ranks.vo.map(Number) };
}

function heatmapOption(ranks) {
  const kinds = ['qk', 'vo'];
  const data = [];
  kinds.forEach((kind, y) => ranks[kind].forEach((rank, layer) => data.push([layer, y, rank])));
  const values = data.map(d => d[2]);
  return {
    aria: { enabled: true },
    animation: false,
    tooltip: { formatter: e => `layer ${e.value[0]} · ${kinds[e.value[1]]} rank ${e.value[2]}` },
    grid: { left: 60, right: 90, top: 20, bottom: 50 },
    xAxis: { type: 'category', name: 'Layer', nameLocation: 'middle', nameGap: 28, data: ranks.qk.map((_, i) => i) },
    yAxis: { type: 'category', data: ['Q·K', 'V·O'] },
    visualMap: { min: Math.min(...values), max: Math.max(...values), calculable: true, orient: 'vertical', right: 0,
      top: 'center', inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [{ type: 'heatmap', data, label: { show: true } }],
  };
}

function rankTable(ranks) {
  return h('table', { id: 'rank-table' }, h('caption', {}, 'Per-head ranks by layer'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'),
      ranks.qk.map((_, i) => h('th', { scope: 'col', class: 'num' }, `layer ${i}`)))),
    h('tbody', {}, ['qk', 'vo'].map(kind => h('tr', {}, h('th', { scope: 'row' }, kind === 'qk' ? 'Q·K' : 'V·O'),
      ranks[kind].map(rank => h('td', { class: 'num' }, rank))))));
}

function attempts(history) {
  if (!history || !history.length) return h('p', {}, 'No attempt started yet.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['Attempt', 'Worker', 'Outcome', 'Started', 'Ended', 'Reason']
    .map(label => h('th', { scope: 'col' }, label)))),
  h('tbody', {}, history.map(a => h('tr', {}, h('td', {}, a.number ?? a.attemptNumber), h('td', {}, a.workerId),
    h('td', {}, a.outcome), h('td', {}, dateTime(a.startedAt)), h('td', {}, dateTime(a.endedAt)), h('td', {}, a.reason || '')))));
}
