/** Chart panel labels (one facet per model × task) and the shared method colour domain. */
import type { Report } from '../../types/report.ts';

export function panelLabel(report: Report, model: string, task: string): string {
  const metric = report.entries.find((e) => e.model === model && e.task === task)?.primaryMetric.name ?? '';
  const models = new Set(report.entries.map((e) => e.model));
  const taskPart = metric ? `${task} (${metric})` : task;
  return models.size > 1 ? `${model} · ${taskPart}` : taskPart;
}

/** Panels in report order (entries are sorted by model, then task). */
export function panelOrder(report: Report): string[] {
  return [...new Set(report.entries.map((e) => panelLabel(report, e.model, e.task)))];
}

/** Methods in report order (baselines, then ReFT), one colour each across every chart. */
export function methodOrder(report: Report): string[] {
  return [...new Set(report.entries.map((e) => e.method))];
}
