// A customization sweep's section of the sweep page: per method and rank, what teaching one concept cost (time per
// step, bytes stored) against Custom Diffusion and full fine-tuning, and what it gave (fidelity, retention, Fréchet
// distance); then the sample grids, one per method, rank, concept and seed, since a look at the samples says more
// than the numbers. Only a sweep whose spec has customization: gets it (SweepView.customization).
import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { percent, number, bytes, times, DASH } from '../format.js';

// Fashion-MNIST's classes by label, as ConceptClasses.WORDS names them.
const WORDS = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];

const LEGEND = 'Per method and rank over every completed concept and seed: mean ± half-width of the 95 % confidence '
  + 'interval (Student\'s t, n − 1 degrees of freedom). Speed-up: the reference method\'s mean time per step over '
  + 'this one\'s; storage reduction: the reference\'s bytes per concept over this one\'s (above 1× means faster, or '
  + 'smaller). Fidelity: the judge\'s share of "a photo of a v*" samples in the concept\'s class; retention: the mean '
  + 'share of each seen class\'s samples still judged as that class; Fréchet distance: concept samples against real '
  + 'images of the class in the judge\'s features (lower is closer).';

/** The word of a Fashion-MNIST label, e.g. 8 → "bag". */
export function conceptWord(label) {
  return label >= 0 && label < WORDS.length ? WORDS[label] : `class-${label}`;
}

/** "comcat-adapter r2", or the bare name of a method without a rank. */
export function methodName(method, rank) {
  return rank > 0 ? `${method} r${rank}` : method;
}

/** Fills the section from GET /api/v1/sweeps/{id}/customization. */
export async function renderCustomization(section, sweepId) {
  const view = await get(`/api/v1/sweeps/${sweepId}/customization`);
  replace(section,
    h('h2', { id: 'customization-title' }, 'Customization'),
    h('p', { class: 'muted explain', id: 'customization-legend' }, LEGEND),
    view.judgeTop1 == null ? null : h('p', { id: 'customization-judge' },
      `The judge, this sweep's ViT classifier, has ${percent(view.judgeTop1, 2)} top-1 on the test split: fidelity `
      + 'and retention are its verdicts on generated samples, so they are no more reliable than it is.'),
    view.methods.length ? methodTable(view.methods)
      : h('p', { id: 'customization-empty' }, 'No customization trial has completed yet.'),
    samples(view.trials));
  section.dataset.loaded = 'true';
}

function methodTable(methods) {
  const columns = ['Method', 'Rank', 'Completed', 'Time per step (ms)', 'Bytes per concept',
    'Speed-up vs custom-diffusion', 'Speed-up vs full', 'Storage vs custom-diffusion', 'Storage vs full',
    'Fidelity', 'Retention', 'Fréchet distance'];
  return h('table', { id: 'customization-table' },
    h('caption', {}, 'Methods of this sweep: cost and quality per concept'),
    h('thead', {}, h('tr', {}, columns.map((label, i) =>
      h('th', { scope: 'col', class: i >= 1 ? 'num' : null }, label)))),
    h('tbody', {}, methods.map(methodRow)));
}

function methodRow(summary) {
  const cell = (key, text) => h('td', { class: 'num', dataset: { col: key } }, text);
  const reference = summary.method === 'custom-diffusion' || summary.method === 'full';
  return h('tr', { class: reference ? 'reference' : null, dataset: { method: summary.method, rank: summary.rank } },
    h('th', { scope: 'row' }, summary.method),
    cell('rank', summary.rank > 0 ? summary.rank : DASH),
    cell('completed', summary.completed),
    cell('seconds-per-step', interval(summary.secondsPerStep, seconds => (seconds * 1000).toFixed(1), milliseconds)),
    cell('bytes', bytes(summary.deltaBytes)),
    cell('speedup-cd', times(summary.speedupVsCustomDiffusion)),
    cell('speedup-full', times(summary.speedupVsFull)),
    cell('storage-cd', times(summary.storageVsCustomDiffusion)),
    cell('storage-full', times(summary.storageVsFull)),
    cell('fidelity', interval(summary.fidelity, fraction => percent(fraction, 1), pp)),
    cell('retention', interval(summary.retention, fraction => percent(fraction, 1), pp)),
    cell('frechet', interval(summary.frechetDistance, value => number(value, 2), value => number(value, 2))));
}

/** "70.0% ± 5.6 pp"-style: a mean with its half-width, or the one value there is. */
function interval(value, formatMean, formatHalf) {
  if (!value) return DASH;
  if (value.halfWidth === null || value.halfWidth === undefined) return `${formatMean(value.mean)} (1 trial, no interval)`;
  return `${formatMean(value.mean)} ± ${formatHalf(value.halfWidth)}`;
}

function milliseconds(seconds) {
  return `${(seconds * 1000).toFixed(1)} ms`;
}

function pp(fraction) {
  return `${(fraction * 100).toFixed(1)} pp`;
}

/** One block per concept; in it one row per method and rank, one grid per seed. */
function samples(trials) {
  const done = trials.filter(trial => trial.result && trial.samplesUrl);
  const waiting = trials.filter(trial => !trial.result);
  const concepts = [...new Set(done.map(trial => trial.result.concept))];
  return h('div', { id: 'customization-samples' },
    h('h3', {}, 'Samples of "a photo of a v*"'),
    h('p', { class: 'muted explain' }, 'The first 64 samples each trial judged, 16 per row, after teaching the concept '
      + 'as v*. Every method of one concept and seed samples from the same noise, so the grids differ only by what '
      + 'each method learned.'),
    concepts.map(concept => conceptBlock(concept, done.filter(trial => trial.result.concept === concept))),
    waiting.length ? h('p', { class: 'muted', id: 'samples-waiting' },
      `No samples yet from ${waiting.map(trial => `${trial.label} seed ${trial.seed} (${trial.state.toLowerCase()})`).join(', ')}.`)
      : null);
}

function conceptBlock(concept, trials) {
  const word = conceptWord(concept);
  const rows = new Map();
  for (const trial of trials) {
    const key = methodName(trial.method, trial.result.rank);
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key).push(trial);
  }
  return h('section', { class: 'concept-samples', dataset: { concept }, 'aria-labelledby': `concept-${concept}` },
    h('h4', { id: `concept-${concept}` }, `${word} (label ${concept})`),
    [...rows.entries()].map(([name, group]) => h('div', { class: 'sample-row', role: 'group',
      'aria-label': `${name}, ${word}` }, group.map(trial => figure(trial, name, word)))));
}

function figure(trial, name, word) {
  const result = trial.result;
  return h('figure', { class: 'samples', dataset: { trialId: trial.trialId, method: trial.method, rank: result.rank,
    concept: result.concept, seed: trial.seed } },
    h('a', { href: `#/trials/${trial.trialId}` },
      h('img', { src: trial.samplesUrl, alt: `64 samples of "a photo of a v*" after ${name} learned the concept `
        + `${word}, seed ${trial.seed}` })),
    h('figcaption', {}, `${name} · ${word} · seed ${trial.seed} · fidelity ${percent(result.fidelity, 1)}`));
}
