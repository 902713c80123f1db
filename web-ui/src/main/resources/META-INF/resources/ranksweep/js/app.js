// The single-page app: a hash router that mounts one page at a time into <main> and cleans up the previous one.
import { h, replace } from './dom.js';
import * as sweeps from './pages/sweeps.js';
import * as sweep from './pages/sweep.js';
import * as leaderboard from './pages/leaderboard.js';
import * as pareto from './pages/pareto.js';
import * as trial from './pages/trial.js';
import * as submit from './pages/submit.js';
import * as api from './pages/api.js';
import { currentRoute } from './router.js';

const ROUTES = [
  { pattern: /^\/?$/, page: sweeps, nav: 'sweeps' },
  { pattern: /^\/sweeps$/, page: sweeps, nav: 'sweeps' },
  { pattern: /^\/sweeps\/(\d+)$/, page: sweep, nav: 'sweeps' },
  { pattern: /^\/sweeps\/(\d+)\/pareto$/, page: pareto, nav: 'pareto' },
  { pattern: /^\/pareto$/, page: pareto, nav: 'pareto' },
  { pattern: /^\/leaderboard$/, page: leaderboard, nav: 'leaderboard' },
  { pattern: /^\/trials\/(\d+)$/, page: trial, nav: 'sweeps' },
  { pattern: /^\/submit$/, page: submit, nav: 'submit' },
  { pattern: /^\/api$/, page: api, nav: 'api' },
];

let cleanup = null;
let generation = 0;
// The first page keeps the browser's own focus order (skip link first); later navigations focus the new title.
let firstRoute = true;

async function route() {
  const mine = ++generation;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const { path, query } = currentRoute();
  const match = ROUTES.map(r => ({ r, m: path.match(r.pattern) })).find(x => x.m);
  const main = document.getElementById('main');
  markNavigation(match ? match.r.nav : null);
  if (!match) {
    replace(main, h('h1', { tabindex: '-1', id: 'page-title' }, 'Not found'),
      h('p', {}, `No page at ${path}. `, h('a', { href: '#/sweeps' }, 'Go to the sweeps.')));
    focusTitle();
    return;
  }
  main.dataset.page = match.r.nav;
  delete main.dataset.ready;
  try {
    const result = await match.r.page.render(main, match.m.slice(1), query);
    if (mine !== generation) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (error) {
    if (mine !== generation) return;
    replace(main, h('h1', { tabindex: '-1', id: 'page-title' }, 'Something went wrong'),
      h('p', { class: 'error', role: 'alert' }, error.message));
  }
  main.dataset.ready = 'true';
  focusTitle();
}

function focusTitle() {
  if (firstRoute) {
    firstRoute = false;
    return;
  }
  const title = document.getElementById('page-title');
  if (title) title.focus({ preventScroll: true });
}

function markNavigation(active) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);

// The skip link must not change the hash (the router owns it): move focus instead.
document.addEventListener('click', event => {
  if (event.target.id === 'skip-link') {
    event.preventDefault();
    document.getElementById('main').focus();
  }
});
