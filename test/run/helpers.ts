/** Shared helpers of the runner tests: the tiny fixture suite, variants of it, and the CLI run in-process. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import type { RunResult } from '../../src/types/result.ts';
import type { Suite } from '../../src/types/suite.ts';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const fixtures = join(repo, 'test', 'fixtures', 'run');
export const tinySuite = join(fixtures, 'tiny.json');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `reftbench-${prefix}-`));
}

/** Writes a copy of the tiny suite (or of `from`), changed by `change`, into `dir`; returns its path. */
export function suiteVariant(dir: string, change: (suite: Suite) => void, name = 'suite.json', from = tinySuite): string {
  const suite = JSON.parse(readFileSync(from, 'utf8')) as Suite;
  suite.$schema = join(repo, 'schemas', 'suite.schema.json');
  change(suite);
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(suite, null, 2)}\n`);
  return file;
}

export interface CliOutcome {
  code: number;
  out: string[];
  err: string[];
}

/** `reftbench <args>` in this process, with its own cache folder. */
export async function reftbench(args: string[], cacheDir: string, env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    cwd: repo,
    env: { ...process.env, REFTBENCH_CACHE_DIR: cacheDir, HF_HUB_OFFLINE: '1', ...env },
  });
  return { code, out, err };
}

/** Every result file of a results folder, by run id. */
export function readResults(dir: string): Map<string, RunResult> {
  const out = new Map<string, RunResult>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('_') && !n.startsWith('.'))) {
    const result = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunResult;
    out.set(result.runId, result);
  }
  return out;
}

/** The JSON events a `--json` run printed. */
export function events(outcome: CliOutcome): Array<Record<string, unknown> & { type: string }> {
  return outcome.out.flatMap((line) => line.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
}
