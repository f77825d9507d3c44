/**
 * The executor interface: where a phase's runs execute. The runner (src/run/runner.ts) decides which
 * runs of a phase are pending, hands them to an executor, and gets one result record back per run
 * that finished (ok or failed); the store, selection and report never see the difference. Two
 * executors: `local` (this process: a pool of workers, one per job, GPU or share of the cores —
 * src/run/executors/local.ts) and `slurm` (one job array per phase on an existing cluster —
 * src/run/executors/slurm/slurm-executor.ts).
 */
import type { RunResult } from '../../types/result.ts';
import type { LoadedSuite } from '../../suite/load-suite.ts';
import type { PreparedInputs } from '../prepare-inputs.ts';
import type { EventSink } from '../progress.ts';
import type { PlannedRun } from '../trial-specs.ts';

/** One phase's pending runs, as the runner hands them over. */
export interface PhaseRequest {
  phase: 'trials' | 'finals';
  /** The runs to execute (finished ones are already skipped), in plan order. */
  runs: readonly PlannedRun[];
  loaded: LoadedSuite;
  inputs: PreparedInputs;
  resultsDir: string;
  /** Per-run wall-clock limit in seconds (undefined: none). */
  timeoutSeconds: number | undefined;
  /** Aborted on Ctrl-C: no new run starts; runs in flight end without a result. */
  stop: AbortSignal;
  /** run-start and step events (the runner emits run-end when it gets the record). */
  emit: EventSink;
}

/** A run that was recorded: its result, the file it was written to, and how long it took here. */
export interface RunRecord {
  run: PlannedRun;
  result: RunResult;
  file: string;
  seconds: number;
}

export interface Executor {
  readonly name: 'local' | 'slurm';
  /**
   * Executes `request.runs`, calling `record` once for every run that was recorded (in the order
   * they finish), and returns whether it stopped early (interrupted: some runs stay to do). Throws
   * on an error that must stop the suite (a result the disk refused).
   */
  runPhase(request: PhaseRequest, record: (done: RunRecord) => void): Promise<{ interrupted: boolean }>;
}
