// Submit: paste or load a YAML/JSON sweep spec and POST it. A 400 problem's entries are shown next to the lines
// they point at, and listed with links that put the cursor on that line.
import { post, ApiError } from '../api.js';
import { h, replace, heading } from '../dom.js';
import { problemLine } from '../yaml-lines.js';

const EXAMPLE = `name: quickstart
dataset: {name: fashion-mnist, heldOut: 2000, trainLimit: 12000, testLimit: 2000}
model:
  arch: vit-tiny-fmnist
  base:
    train: {epochs: 5, lr: 1.0e-3, batch: 128}
methods:
  - {name: dense}
  - {name: comcat, budget: [0.5, 0.25]}
  - {name: svd-matrix, budget: [0.5]}
  - {name: head-prune, budget: [0.5], importance: taylor}
finetune: {epochs: 1}
`;

export async function render(main) {
  const spec = h('textarea', { id: 'spec', name: 'spec', spellcheck: 'false', 'aria-describedby': 'spec-help',
    autocomplete: 'off' });
  const file = h('input', { type: 'file', id: 'spec-file', accept: '.yaml,.yml,.json,text/yaml,application/json',
    onchange: async e => { if (e.target.files[0]) spec.value = await e.target.files[0].text(); } });
  const rerun = h('input', { type: 'checkbox', id: 'rerun' });
  const feedback = h('div', { id: 'submit-feedback' });
  const form = h('form', { id: 'submit-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    await submit(spec, rerun.checked, feedback);
  } },
  h('div', { class: 'field' }, h('label', { for: 'spec' }, 'Sweep spec (YAML or JSON)'), spec,
    h('p', { id: 'spec-help', class: 'muted' }, 'Problems are shown below, next to the line they concern.')),
  h('div', { class: 'toolbar' },
    h('div', {}, h('label', { for: 'spec-file' }, 'Or load a file'), file),
    h('div', {}, h('label', { for: 'rerun', class: 'inline' }, rerun, ' rerun trials identical to completed ones')),
    h('button', { type: 'button', class: 'secondary', onclick: () => { spec.value = EXAMPLE; spec.focus(); } }, 'Insert example'),
    h('button', { type: 'submit', id: 'submit-button' }, 'Submit sweep')));
  replace(main, heading('Submit a sweep'), form, feedback);
}

async function submit(spec, rerun, feedback) {
  const text = spec.value;
  replace(feedback, h('p', { role: 'status' }, 'Submitting…'));
  try {
    const type = /^\s*\{\s*"/.test(text) ? 'application/json' : 'application/yaml';
    const sweep = await post(`/api/v1/sweeps${rerun ? '?rerun=true' : ''}`, text, type);
    location.hash = `#/sweeps/${sweep.id}`;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const problems = error.problem.problems || [{ path: '', message: error.message }];
    replace(feedback, problemsView(text, problems, spec));
    feedback.querySelector('h2').focus();
  }
}

function problemsView(text, problems, spec) {
  const located = problems.map(problem => ({ ...problem, line: problemLine(text, problem) }));
  const list = h('ul', { id: 'problem-list' }, located.map(problem => h('li', { dataset: { path: problem.path } },
    problem.line ? h('a', { href: '', onclick: e => { e.preventDefault(); selectLine(spec, problem.line); } },
      `Line ${problem.line}`) : 'Spec', problem.path ? ` — ${problem.path}: ` : ': ', problem.message)));
  return h('section', { class: 'problems', role: 'alert', 'aria-labelledby': 'problems-title' },
    h('h2', { id: 'problems-title', tabindex: '-1' },
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the spec`),
    list, annotated(text, located));
}

/** The spec with line numbers and each problem's message directly under its line. */
function annotated(text, problems) {
  const byLine = new Map();
  for (const problem of problems.filter(p => p.line)) {
    if (!byLine.has(problem.line)) byLine.set(problem.line, []);
    byLine.get(problem.line).push(problem);
  }
  return h('ol', { class: 'annotated', id: 'annotated-spec', 'aria-label': 'The spec with its problems' },
    text.split('\n').map((line, i) => {
      const own = byLine.get(i + 1) || [];
      return h('li', { class: own.length ? 'has-problem' : null, dataset: { line: i + 1 } },
        h('span', { class: 'number', 'aria-hidden': 'true' }, i + 1), h('span', { class: 'code' }, line || ' '),
        own.map(p => h('span', { class: 'message', dataset: { path: p.path } },
          `${p.path ? `${p.path}: ` : ''}${p.message}`)));
    }));
}

function selectLine(textarea, lineNumber) {
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, lineNumber - 1).reduce((sum, line) => sum + line.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[lineNumber - 1] || '').length);
}
