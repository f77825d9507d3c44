/**
 * The parity tests' view of the ort ↔ worker naming (src/backends/ort/worker-names.ts, where the
 * table lives since the ort backend reads `initParams` too): a parity case must know every name.
 */
import { workerNameOf, type WorkerName } from '../../src/backends/ort/worker-names.ts';
import type { ParityFamily } from './parity-fixture.ts';

export { transpose, type WorkerName } from '../../src/backends/ort/worker-names.ts';

/** The worker's name for an ort parameter name (a method parameter without one fails the case). */
export function workerName(ortName: string, family: ParityFamily, kind: string): WorkerName {
  const name = workerNameOf(ortName, family, kind);
  if (name === undefined) throw new Error(`parity: no worker name known for ${ortName}`);
  return name;
}
