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

export function formatSeconds(value: number | null): string {
  return value === null ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(0);
}

export function formatP(value: number | null): string {
  if (value === null) return '–';
  return value < 0.001 ? '<0.001' : value.toFixed(3);
}

export function formatHyperparameters(hp: Record<string, unknown>): string {
  return Object.keys(hp)
    .sort()
    .map((k) => `${k}=${Array.isArray(hp[k]) ? (hp[k] as unknown[]).join('/') : String(hp[k])}`)
    .join(', ');
}

/** A run time for people: seconds under two minutes, then minutes, then hours. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}
