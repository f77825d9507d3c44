/**
 * A backend's child processes die with the command: a process that registers a long-sleeping child
 * with killOnExit and then exits (normally, or by process.exit) leaves no child behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const helper = fileURLToPath(new URL('../../src/backends/kill-on-exit.ts', import.meta.url));

/** Running, not a zombie (an orphan killed here may wait for a pid 1 that never reaps it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/** Runs a script that starts `sleep 60` children, registers them, and exits as `exit` says. */
function childPids(exit: string): number[] {
  const script = `
    import { spawn } from 'node:child_process';
    import { killOnExit } from ${JSON.stringify(helper)};
    const a = spawn('sleep', ['60'], { stdio: 'ignore' });
    const b = spawn('sleep', ['60'], { stdio: 'ignore' });
    killOnExit(a); killOnExit(b);
    a.unref(); b.unref();
    console.log(JSON.stringify([a.pid, b.pid]));
    ${exit}
  `;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout.trim().split('\n')[0]!) as number[];
}

async function settled(pids: number[]): Promise<boolean[]> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return pids.map(alive);
}

test('children registered with killOnExit are killed when the process ends on its own', async () => {
  assert.deepEqual(await settled(childPids('')), [false, false]);
});

test('children registered with killOnExit are killed on process.exit', async () => {
  assert.deepEqual(await settled(childPids('process.exit(0);')), [false, false]);
});
