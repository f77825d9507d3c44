/**
 * Whether two reports may be compared: same suite name and the same protocol (compute rule,
 * tuning budget, seeds, parameter budget, each task's split protocol and selection metric). The first difference is named; a changed
 * suite hash with an unchanged name and protocol is only a note.
 */
import { stableStringify } from '../report/stable-json.ts';
import type { Report } from '../types/report.ts';

export type Compatibility = { ok: true; notes: { currentHash: string; baselineHash: string }[] } | { ok: false; what: string; current: string; baseline: string };

export function checkCompatibility(current: Report, baseline: Report): Compatibility {
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : stableStringify(v ?? null).replace(/\s+/g, ' ').trim());
  const fields: [string, unknown, unknown][] = [
    ['the suite name', current.suite.name, baseline.suite.name],
    ['the compute rule (protocol.compute)', current.protocol.compute, baseline.protocol.compute],
    ['the tuning budget (protocol.tuning)', current.protocol.tuning, baseline.protocol.tuning],
    ['the split protocols (protocol.tasks)', current.protocol.tasks, baseline.protocol.tasks],
    ['the seeds (protocol.seeds)', current.protocol.seeds, baseline.protocol.seeds],
    ['the parameter budget (protocol.parameterBudget)', current.protocol.parameterBudget, baseline.protocol.parameterBudget],
  ];
  for (const [what, a, b] of fields) {
    if (show(a) !== show(b)) return { ok: false, what, current: show(a), baseline: show(b) };
  }
  const notes = current.suite.hash === baseline.suite.hash ? [] : [{ currentHash: current.suite.hash, baselineHash: baseline.suite.hash }];
  return { ok: true, notes };
}
