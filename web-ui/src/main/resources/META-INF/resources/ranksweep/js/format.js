// Number, time and unit formatting shared by every page. Missing values print as an en dash.
const DASH = '–';

export function percent(fraction, digits = 2) {
  return fraction === null || fraction === undefined ? DASH : `${(fraction * 100).toFixed(digits)}%`;
}

/** A difference of two fractions in percentage points, with its sign. */
export function points(delta, digits = 2) {
  if (delta === null || delta === undefined) return DASH;
  const value = (delta * 100).toFixed(digits);
  return `${delta > 0 ? '+' : ''}${value} pp`;
}

/** 1234567 → "1.23M"; counts of parameters and MACs. */
export function count(value) {
  if (value === null || value === undefined) return DASH;
  const units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (Math.abs(value) >= size) return `${trim((value / size).toPrecision(3))}${unit}`;
  }
  return String(value);
}

function trim(text) {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

export function number(value, digits = 2) {
  return value === null || value === undefined ? DASH : Number(value).toFixed(digits);
}

/** 1201788 → "1,201,788 B": an exact size, digits grouped by thousands whatever the browser's locale. */
export function bytes(value) {
  if (value === null || value === undefined) return DASH;
  return `${String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} B`;
}

/** 2.5 → "2.50×": a ratio such as a speed-up or a storage reduction. */
export function times(value, digits = 2) {
  return value === null || value === undefined ? DASH : `${Number(value).toFixed(digits)}×`;
}

export function budget(value) {
  return value === null || value === undefined ? DASH : String(value);
}

export function dateTime(iso) {
  if (!iso) return DASH;
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** 3725 → "1 h 2 min"; an ETA or an elapsed time. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return DASH;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export { DASH };
