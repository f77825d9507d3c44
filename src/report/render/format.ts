/** Number formatting shared by the README, HTML and LaTeX tables (CSV keeps raw numbers). */

/** Metrics in [-1, 1] that tables show ×100, as the ReFT paper does. */
const BOUNDED = new Set(['accuracy', 'f1', 'matthews', 'pearson', 'spearman', 'exact_match']);

export function metricScale(metric: string): number {
  return BOUNDED.has(metric) ? 100 : 1;
}

export function formatScore(value: number | null, metric: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const scale = metricScale(metric);
  return scale === 100 ? (value * 100).toFixed(1) : value.toPrecision(4);
}

export function formatPercent(value: number): string {
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatFlops(value: number | null): string {
  return value === null ? '–' : value.toExponential(2);
}

const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A quantity with an SI prefix and 3 significant figures, as people write it: 1.07 TFLOP, 512 MFLOP. */
export function formatSi(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return `0 ${unit}`;
  let power = Math.min(SI_PREFIXES.length - 1, Math.max(0, Math.floor(Math.log10(Math.abs(value)) / 3)));
  let mantissa = Number((value / 10 ** (3 * power)).toPrecision(3));
  if (Math.abs(mantissa) >= 1000 && power < SI_PREFIXES.length - 1) {
    power++;
    mantissa = Number((value / 10 ** (3 * power)).toPrecision(3));
  }
  return `${mantissa} ${SI_PREFIXES[power]}${unit}`;
}

export function formatSeconds(value: number | null): string {
  return value === null ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

/** A p-value in a column headed p: 0.034, or < 0.001 below that (three decimals say no more). */
export function formatP(value: number | null): string {
  if (value === null) return '–';
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}

/**
 * A hyperparameter value for people: integers as they are (thousands separated from 10,000 on),
 * other numbers to 3 significant figures (lr=0.00358, not 0.0035791759766230485).
 */
export function formatHyperparameterValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatHyperparameterValue).join('/');
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return Math.abs(value) >= 10000 ? formatCount(value) : String(value);
  return String(Number(value.toPrecision(3)));
}

/** name=value pairs sorted by name; `exact` keeps every digit (for CSV). */
export function formatHyperparameters(hp: Record<string, unknown>, exact = false): string {
  return Object.keys(hp)
    .sort()
    .map((k) => `${k}=${exact ? (Array.isArray(hp[k]) ? (hp[k] as unknown[]).join('/') : String(hp[k])) : formatHyperparameterValue(hp[k])}`)
    .join(', ');
}

/** A run time for people: seconds under two minutes, then minutes, then hours. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}
