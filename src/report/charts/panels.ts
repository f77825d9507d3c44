/** Chart panel labels (one facet per model × task) and the methods in table order (the colour domain). */
import type { Report } from '../../types/report.ts';

const labelCache = new WeakMap<Report, Map<string, string>>();

/** "task (metric)", prefixed by the model when the report has several; cached per report. */
export function panelLabel(report: Report, model: string, task: string): string {
  let labels = labelCache.get(report);
  if (!labels) {
    labels = new Map();
    const several = new Set(report.entries.map((e) => e.model)).size > 1;
    for (const e of report.entries) {
      const key = JSON.stringify([e.model, e.task]);
      if (!labels.has(key)) labels.set(key, `${several ? `${e.model} · ` : ''}${e.task} (${e.primaryMetric.name})`);
    }
    labelCache.set(report, labels);
  }
  return labels.get(JSON.stringify([model, task])) ?? task;
}

/** Panels in report order (entries are sorted by model, then task). */
export function panelOrder(report: Report): string[] {
  return [...new Set(report.entries.map((e) => panelLabel(report, e.model, e.task)))];
}

/** Methods in report order (baselines, then ReFT), one colour each across every chart. */
export function methodOrder(report: Report): string[] {
  return [...new Set(report.entries.map((e) => e.method))];
}

/** Methods in report order with their kind (the first entry's), for the method colours and shapes. */
export function methodKinds(report: Report): { method: string; kind: string }[] {
  const seen = new Map<string, string>();
  for (const e of report.entries) if (!seen.has(e.method)) seen.set(e.method, e.kind);
  return [...seen].map(([method, kind]) => ({ method, kind }));
}
