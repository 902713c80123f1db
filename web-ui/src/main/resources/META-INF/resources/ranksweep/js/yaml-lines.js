// Finds the line of a spec that a problem path such as "methods[1].budget[0]" points at, so a problem can be shown
// next to it. A heuristic over indentation (block style) and single-line flow collections ({...}, [...]); it
// never parses YAML fully and falls back to the deepest part of the path it found.

/** The 1-based line of the problem, or null when neither the message nor the path locates it. */
export function problemLine(text, problem) {
  const fromMessage = /\bline (\d+)/.exec(problem.message || '');
  if (fromMessage) return Number(fromMessage[1]);
  return locate(text, problem.path || '');
}

export function locate(text, path) {
  const segments = parsePath(path);
  if (!segments.length) return null;
  const lines = text.split('\n');
  let range = { start: 0, end: lines.length };
  let found = null;
  let inline = false;
  for (const segment of segments) {
    if (inline) break;
    const next = typeof segment === 'number' ? item(lines, range, segment) : key(lines, range, segment);
    if (next === null) {
      if (found !== null && typeof segment === 'string' && keyPattern(segment).test(lines[found])) inline = true;
      break;
    }
    found = next.line;
    range = next.range;
    inline = isFlow(lines[found]);
  }
  return found === null ? null : found + 1;
}

function parsePath(path) {
  const segments = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  let match;
  while ((match = pattern.exec(path)) !== null) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

function content(line) {
  const trimmed = line.replace(/\s+#.*$/, '');
  return trimmed.trim() === '' || trimmed.trim().startsWith('#') ? null : trimmed;
}

/** Column where a line's key starts: after indentation and an optional "- ". */
function keyColumn(line) {
  const match = /^(\s*)(-\s+)?/.exec(line);
  return match[1].length + (match[2] ? match[2].length : 0);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function keyPattern(name) {
  return new RegExp(`(^|[{,\\s-])["']?${escapeRegExp(name)}["']?\\s*:`);
}

function key(lines, range, name) {
  let column = null;
  for (let i = range.start; i < range.end; i++) {
    const line = content(lines[i]);
    if (line === null) continue;
    if (column === null) column = keyColumn(line);
    if (keyColumn(line) !== column) continue;
    const rest = line.slice(column);
    if (new RegExp(`^["']?${escapeRegExp(name)}["']?\\s*:`).test(rest)) {
      return { line: i, range: { start: i + 1, end: blockEnd(lines, i, column, range.end) } };
    }
  }
  return null;
}

function item(lines, range, index) {
  let column = null;
  let seen = -1;
  for (let i = range.start; i < range.end; i++) {
    const line = content(lines[i]);
    if (line === null) continue;
    const dash = /^(\s*)-(\s|$)/.exec(line);
    if (!dash) continue;
    if (column === null) column = dash[1].length;
    if (dash[1].length !== column) continue;
    seen++;
    if (seen === index) {
      return { line: i, range: { start: i, end: itemEnd(lines, i, column, range.end) } };
    }
  }
  return null;
}

/** The first line after `start` that leaves the block of a key at `column` (a sequence may sit at its column). */
function blockEnd(lines, start, column, limit) {
  for (let i = start + 1; i < limit; i++) {
    const line = content(lines[i]);
    if (line === null) continue;
    const indent = /^(\s*)/.exec(line)[1].length;
    if (indent < column || (indent === column && !/^\s*-(\s|$)/.test(line))) return i;
  }
  return limit;
}

function itemEnd(lines, start, column, limit) {
  for (let i = start + 1; i < limit; i++) {
    const line = content(lines[i]);
    if (line === null) continue;
    const indent = /^(\s*)/.exec(line)[1].length;
    if (indent < column || (indent === column && /^\s*-(\s|$)/.test(line))) return i;
  }
  return limit;
}

/** Whether the line's value continues inline as a flow collection. */
function isFlow(line) {
  const value = line.replace(/^\s*(-\s+)?/, '');
  return value.startsWith('{') || value.startsWith('[') || /:\s*[{[]/.test(value);
}
