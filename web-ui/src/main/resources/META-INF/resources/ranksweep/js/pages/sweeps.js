// Sweeps: state, progress, ETA, start and end of every sweep, refreshed live from the event stream.
import { get, subscribe } from '../api.js';
import { h, replace, heading, stateBadge, debounce } from '../dom.js';
import { dateTime, duration } from '../format.js';

const PAGE_SIZE = 50;

export async function render(main, _params, query) {
  const offset = Math.max(0, Number(query.get('offset') || 0));
  const body = h('tbody');
  const status = h('p', { class: 'muted', id: 'sweeps-status' });
  replace(main,
    heading('Sweeps'),
    h('p', {}, h('a', { class: 'button', href: '#/submit' }, 'Submit a sweep')),
    h('table', { id: 'sweeps-table' },
      h('caption', {}, 'All sweeps, newest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'num' }, 'ID'),
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Progress'),
        h('th', { scope: 'col' }, 'ETA'),
        h('th', { scope: 'col' }, 'Started'),
        h('th', { scope: 'col' }, 'Ended'),
        h('th', { scope: 'col' }, 'Views'))),
      body),
    status,
    pager(offset));

  const load = async () => {
    const sweeps = await get('/api/v1/sweeps', { limit: PAGE_SIZE, offset });
    replace(body, sweeps.length ? sweeps.map(row) : h('tr', {}, h('td', { colspan: 8 }, 'No sweeps yet.')));
    status.textContent = `${sweeps.length} sweep${sweeps.length === 1 ? '' : 's'} shown; updates live.`;
    main.querySelector('[data-next]').toggleAttribute('hidden', sweeps.length < PAGE_SIZE);
  };
  await load();
  const refresh = debounce(load, 1000);
  const close = subscribe(null, refresh);
  return () => { close(); refresh.cancel(); };
}

function row(sweep) {
  return h('tr', { dataset: { sweepId: sweep.id } },
    h('td', { class: 'num' }, sweep.id),
    h('td', {}, h('a', { href: `#/sweeps/${sweep.id}` }, sweep.name)),
    h('td', {}, stateBadge(sweep.state)),
    h('td', {}, progress(sweep)),
    h('td', {}, sweep.state === 'RUNNING' ? duration(sweep.etaSeconds) : '–'),
    h('td', {}, dateTime(sweep.startedAt)),
    h('td', {}, dateTime(sweep.endedAt)),
    h('td', {}, h('a', { href: `#/sweeps/${sweep.id}/pareto`, 'aria-label': `Pareto plot of sweep ${sweep.name}` }, 'Pareto'), ' · ',
      h('a', { href: `#/leaderboard?sweep=${sweep.id}`, 'aria-label': `Leaderboard of sweep ${sweep.name}` }, 'Leaderboard')));
}

export function progress(sweep) {
  const label = `${sweep.done} of ${sweep.trialCount} trials finished`;
  return h('div', { class: 'progress' },
    h('progress', { max: Math.max(sweep.trialCount, 1), value: sweep.done, 'aria-label': label }),
    h('span', {}, `${sweep.done} / ${sweep.trialCount}`));
}

function pager(offset) {
  return h('div', { class: 'pager' },
    offset > 0 ? h('a', { href: `#/sweeps?offset=${Math.max(0, offset - PAGE_SIZE)}` }, 'Newer sweeps') : null,
    h('a', { href: `#/sweeps?offset=${offset + PAGE_SIZE}`, 'data-next': '' }, 'Older sweeps'));
}
