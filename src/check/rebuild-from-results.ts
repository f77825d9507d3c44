/**
 * `check --results DIR`: rebuilds the report from the result files in DIR, with the statistics
 * settings the report records (seed, resamples, confidence, correction, alpha, baseline), and
 * returns the first place where the report given differs from it, so a report cannot claim numbers
 * its results do not have. Both sides are compared as report.json writes them (stable-json.ts).
 */
import { buildReport } from '../report/build-report.ts';
import { loadResults } from '../report/load-results.ts';
import type { ReportOptions } from '../report/report-options.ts';
import { stableStringify } from '../report/stable-json.ts';
import type { Report } from '../types/report.ts';

export interface Difference {
  /** JSON pointer of the first difference. */
  pointer: string;
  claimed: string;
  rebuilt: string;
}

function optionsOf(report: Report): ReportOptions {
  const s = report.statistics;
  return {
    resamples: s.bootstrapResamples,
    seed: s.seed,
    confidence: s.confidence,
    correction: s.correction,
    alpha: s.alpha,
    ...(s.baseline === undefined ? {} : { baseline: s.baseline }),
  };
}

const brief = (v: unknown) => {
  const text = v === undefined ? '(nothing)' : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

function firstDifference(a: unknown, b: unknown, pointer: string): Difference | undefined {
  if (a === b) return undefined;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return { pointer: pointer || '/', claimed: brief(a), rebuilt: brief(b) };
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${pointer}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    const d = firstDifference(ra[key], rb[key], `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    if (d) return d;
  }
  return undefined;
}

/** Undefined when the report is exactly what the results in `dir` give (the `$schema` key aside). */
export function differenceFromResults(report: Report, dir: string): Difference | undefined {
  const rebuilt = buildReport(loadResults(dir), optionsOf(report));
  const { $schema: _ignored, ...given } = report;
  return firstDifference(JSON.parse(stableStringify(given)), JSON.parse(stableStringify(rebuilt)), '');
}
