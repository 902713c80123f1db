// Reading and rewriting the location hash: "#/sweeps/3?sort=top1" is a path and query parameters.
/** Splits "#/sweeps/3?sort=top1" into its path and query parameters. */
export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return { path, query: new URLSearchParams(query) };
}

/** Changes the hash's query parameters without adding a history entry or re-mounting the page. */
export function replaceQuery(params) {
  const { path } = currentRoute();
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  history.replaceState(null, '', `#${path}${text ? `?${text}` : ''}`);
}

