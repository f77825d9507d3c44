/**
 * What `reftbench check` verifies in a report before trusting any of its numbers (a pull request
 * controls the report it checks): every number finite, no model × task × method row twice (per budget
 * level in a compute-ladder report, where entries name their level), no metric
 * twice in a row, and each test metric consistent with its own per-seed values: seeds distinct and
 * among the protocol's, n the number of values, and mean, standard deviation and bootstrap interval
 * what the report's recorded statistics settings give for those values (within float tolerance:
 * report.json rounds to 12 significant digits). The first problem is returned, naming the entry.
 */
import { levelKey, levelLabel } from '../report/budget-level.ts';
import { seedStatistics } from '../report/entries.ts';
import { firstNonFinite } from '../report/first-non-finite.ts';
import type { Report, TestMetric } from '../types/report.ts';

/** Most bootstrap resamples a report may claim: check redoes them for every metric. */
export const MAX_RESAMPLES = 1_000_000;

export interface ReportProblem {
  /** The entry as "model × task × method" (and metric), or a JSON pointer outside the entries. */
  where: string;
  what: string;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function sameFigure(claimed: number | null, recomputed: number | null): boolean {
  return claimed === null || recomputed === null ? claimed === recomputed : close(claimed, recomputed);
}

const show = (v: number | null) => (v === null ? 'null' : String(v));

function verifyMetric(report: Report, key: readonly [string, string, string], m: TestMetric): string | undefined {
  const seeds = new Set<number>();
  const allowed = new Set(report.protocol.seeds);
  for (const s of m.perSeed) {
    if (seeds.has(s.seed)) return `seed ${s.seed} appears twice in perSeed`;
    if (!allowed.has(s.seed)) return `perSeed has seed ${s.seed}, which is not one of the protocol's seeds (${report.protocol.seeds.join(', ')})`;
    seeds.add(s.seed);
  }
  const values = m.perSeed.map((s) => s.value).filter((v): v is number => v !== null);
  if (m.n !== values.length) return `n is ${m.n} but perSeed holds ${values.length} value(s)`;
  const stats = report.statistics;
  const redone = seedStatistics(values, [...key, m.name], { seed: stats.seed, resamples: stats.bootstrapResamples, confidence: stats.confidence });
  for (const field of ['mean', 'std', 'ciLow', 'ciHigh'] as const) {
    if (!sameFigure(m[field], redone[field])) return `${field} is ${show(m[field])} but its per-seed values give ${show(redone[field])}`;
  }
  return undefined;
}

export function verifyReport(report: Report): ReportProblem | undefined {
  const nonFinite = firstNonFinite(report);
  if (nonFinite !== undefined) return { where: nonFinite, what: 'is not a finite number' };
  const stats = report.statistics;
  if (!Number.isInteger(stats.bootstrapResamples) || stats.bootstrapResamples < 1 || stats.bootstrapResamples > MAX_RESAMPLES)
    return { where: '/statistics/bootstrapResamples', what: `is ${stats.bootstrapResamples}; a report has between 1 and ${MAX_RESAMPLES} resamples` };
  if (!(stats.confidence > 0 && stats.confidence < 1)) return { where: '/statistics/confidence', what: `is ${stats.confidence}; it lies strictly between 0 and 1` };
  const rows = new Map<string, number>();
  for (const [i, e] of report.entries.entries()) {
    const name = `entries[${i}] (${e.model} × ${e.task} × ${e.method}${e.budget ? ` at ${levelLabel(e.budget.level)}` : ''})`;
    const id = JSON.stringify(e.budget ? [e.model, e.task, e.method, levelKey(e.budget.level)] : [e.model, e.task, e.method]);
    const earlier = rows.get(id);
    if (earlier !== undefined) return { where: name, what: `repeats the row of entries[${earlier}]; a report has one entry per model × task × method${e.budget ? ' and budget level' : ''}` };
    rows.set(id, i);
    const metrics = new Set<string>();
    for (const m of e.test) {
      if (metrics.has(m.name)) return { where: name, what: `lists test metric ${m.name} twice` };
      metrics.add(m.name);
      const problem = verifyMetric(report, [e.model, e.task, e.method], m);
      if (problem !== undefined) return { where: `${name}, test metric ${m.name}`, what: problem };
    }
  }
  return undefined;
}
