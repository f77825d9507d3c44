/** The messages between the `ort` child process (run-child.ts) and its parent (child-backend.ts). */
import type { BatchSchedule } from '../../data/batch-schedule.ts';
import type { RunSpec } from '../../types/run-spec.ts';
import type { BackendRunOutput, StepReport } from '../backend.ts';

/** Parent → child: run one spec. */
export interface RunMessage {
  type: 'run';
  spec: RunSpec;
  modelDir: string;
  schedule?: BatchSchedule;
}

export type ParentMessage = RunMessage;

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'step'; step: StepReport }
  | { type: 'done'; output: BackendRunOutput }
  | { type: 'error'; message: string; stack: string; user: boolean };
