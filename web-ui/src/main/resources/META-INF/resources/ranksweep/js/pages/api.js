// API: the orchestrator's OpenAPI contract rendered as a list of operations with their parameters and responses.
import { get } from '../api.js';
import { h, replace, heading } from '../dom.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export async function render(main) {
  const contract = await get('/api/v1/openapi.json');
  const operations = [];
  for (const [path, item] of Object.entries(contract.paths || {})) {
    for (const method of METHODS) {
      if (item[method]) operations.push({ path, method, operation: item[method] });
    }
  }
  replace(main,
    heading('API'),
    h('p', {}, `${contract.info.title}, OpenAPI ${contract.openapi}. The contract as written: `,
      h('a', { href: '/api/v1/openapi.yaml' }, 'openapi.yaml'), '; the JSON Schema of sweep specs: ',
      h('a', { href: '/api/v1/schema/sweep.json' }, 'sweep.json'), '.'),
    h('p', { class: 'muted' }, contract.info.summary || ''),
    h('ul', { id: 'api-operations', class: 'api-index' },
      operations.map(({ path, method, operation }) => h('li', {},
        h('a', { href: `#/api?op=${operation.operationId}`, 'data-op': operation.operationId,
          onclick: event => { event.preventDefault(); scrollTo(operation.operationId); } },
        h('code', {}, `${method.toUpperCase()} ${path}`)), ' ', operation.summary || ''))),
    operations.map(entry => section(contract, entry)));
}

function scrollTo(id) {
  const target = document.getElementById(`op-${id}`);
  if (target) {
    target.scrollIntoView();
    target.focus({ preventScroll: true });
  }
}

function section(contract, { path, method, operation }) {
  const parameters = (operation.parameters || []).map(p => resolve(contract, p));
  return h('section', { id: `op-${operation.operationId}`, class: 'api-operation', tabindex: '-1' },
    h('h2', {}, h('code', {}, `${method.toUpperCase()} ${path}`)),
    h('p', {}, operation.summary || ''),
    operation.description ? h('p', { class: 'muted' }, operation.description) : null,
    operation.security ? h('p', {}, 'Needs the API token when the orchestrator has one (Authorization: Bearer).') : null,
    parameters.length ? h('table', {},
      h('caption', {}, 'Parameters'),
      h('thead', {}, h('tr', {}, ['Name', 'In', 'Type', 'Description'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, parameters.map(p => h('tr', {},
        h('td', {}, h('code', {}, p.name), p.required ? ' (required)' : ''),
        h('td', {}, p.in),
        h('td', {}, typeOf(contract, p.schema)),
        h('td', {}, p.description || ''))))) : null,
    operation.requestBody ? h('p', {}, 'Body: ', Object.keys(operation.requestBody.content).join(' or '),
      operation.requestBody.description ? ` — ${operation.requestBody.description}` : '') : null,
    h('dl', { class: 'api-responses' }, Object.entries(operation.responses || {}).flatMap(([status, response]) => {
      const resolved = resolve(contract, response);
      return [h('dt', {}, status), h('dd', {}, resolved.description || '',
        resolved.content ? ` (${Object.keys(resolved.content).join(', ')})` : '')];
    })));
}

function typeOf(contract, schema) {
  const resolved = resolve(contract, schema || {});
  const type = Array.isArray(resolved.type) ? resolved.type.join(' | ') : resolved.type || '';
  const parts = [type];
  if (resolved.enum) parts.push(`one of ${resolved.enum.join(', ')}`);
  if (resolved.minimum !== undefined || resolved.maximum !== undefined) {
    parts.push(`${resolved.minimum ?? '…'}..${resolved.maximum ?? '…'}`);
  }
  if (resolved.default !== undefined) parts.push(`default ${resolved.default}`);
  return parts.filter(Boolean).join('; ');
}

/** Follows local $refs such as "#/components/parameters/limit". */
function resolve(contract, node) {
  let resolved = node;
  while (resolved && resolved.$ref) {
    resolved = resolved.$ref.slice(2).split('/').reduce((object, key) => object[key], contract);
  }
  return resolved;
}
