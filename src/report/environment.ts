/** What the results ran on and with: harness versions, backends and engines, library versions, hardware. */
import type { Report } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { compareText } from './group-runs.ts';

const distinct = (values: Iterable<string>) => [...new Set(values)].sort(compareText);

export function buildEnvironment(results: readonly RunResult[]): Pick<Report, 'harness' | 'environment'> {
  const libraries: Record<string, Set<string>> = {};
  for (const r of results) for (const [name, version] of Object.entries(r.versions.libraries)) if (version !== undefined) (libraries[name] ??= new Set()).add(version);
  const hardware = new Map<string, { device: string; cpu: string; cores: number; memoryBytes: number; runs: number }>();
  for (const r of results) {
    const { device, cpu, cores, memoryBytes } = r.hardware;
    const key = JSON.stringify([device, cpu, cores, memoryBytes]);
    const row = hardware.get(key) ?? { device, cpu, cores, memoryBytes, runs: 0 };
    row.runs++;
    hardware.set(key, row);
  }
  return {
    harness: {
      versions: distinct(results.map((r) => r.versions.harness)),
      commits: distinct(results.map((r) => r.versions.harnessCommit ?? 'unknown')),
    },
    environment: {
      backends: distinct(results.map((r) => r.spec.backend.name)),
      engines: distinct(results.map((r) => `${r.spec.backend.name}@${r.versions.engine}`)),
      libraries: Object.fromEntries(Object.keys(libraries).sort(compareText).map((k) => [k, distinct(libraries[k]!)])),
      hardware: [...hardware.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, v]) => v),
    },
  };
}
