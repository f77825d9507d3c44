/**
 * The child processes a backend starts (onnxruntime run children, served torch workers) must not
 * outlive the command, however it exits: each is registered here and SIGKILLed from one `exit`
 * hook, and forgotten once it has exited by itself.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

/** Kills `proc` when this process exits, unless it has exited before. */
export function killOnExit(proc: ChildProcess): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
}
