/**
 * What the runner tells the user while it works, as typed events, and the three ways to show them:
 * a live bar (runs done/total, the current run's step, real tokens/s, loss, ETAs of the run and the
 * phase from its first steps) redrawn on a TTY; plain lines when stderr is not a TTY (CI), with the
 * same figures at least every 30 s while a run is in progress; and `--json`, one JSON object per line
 * on stdout for scripts.
 */
import { runMessages } from '../messages/index.ts';

export type RunEvent =
  | { type: 'phase'; phase: 'trials' | 'finals'; total: number; skipped: number }
  | { type: 'run-start'; runId: string; phase: 'trial' | 'final' }
  /** `tokens`: the real (unpadded) tokens of this step's batch, when the runner knows them. */
  | { type: 'step'; runId: string; step: number; totalSteps: number; loss: number | null; tokens?: number }
  | { type: 'run-end'; runId: string; phase: 'trial' | 'final'; status: 'ok' | 'failed' | 'diverged' | 'timeout'; reason?: string; file: string; seconds: number }
  | { type: 'selected'; group: string; trial: number; runId: string; metric: string; score: number | null }
  | { type: 'no-selection'; group: string }
  | { type: 'interrupted'; recorded: number }
  | { type: 'summary'; resultsDir: string; ok: number; failed: number; skipped: number };

export type EventSink = (event: RunEvent) => void;

/** `--json`: one event per line on `write` (stdout). */
export function jsonSink(write: (line: string) => void): EventSink {
  return (event) => write(JSON.stringify(event));
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Time as the sinks see it: replaceable in tests. */
export interface ProgressClock {
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called; never keeps the process alive. */
  every(ms: number, fn: () => void): () => void;
}

const realClock: ProgressClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** The run in progress: its steps so far and when it started (for its ETA from the first steps). */
interface CurrentRun {
  runId: string;
  started: number;
  step: number;
  totalSteps: number;
  /** When its last step ended: the steps' time excludes the model loading before the first. */
  firstStepAt?: number;
  lastStepAt?: number;
}

/**
 * Counts and timing shared by the bar and the plain lines. ETAs are known from the first steps of
 * the first run: the run's from its seconds per step, the phase's from that run's projected length
 * for each run left (from the runs' average once some have finished).
 */
class PhaseTracker {
  phase = '';
  total = 0;
  done = 0;
  loss: number | null = null;
  private started = 0;
  private runSeconds = 0;
  private runsTimed = 0;
  private tokens = 0;
  private tokenSeconds = 0;
  private readonly running = new Map<string, CurrentRun>();
  private last: CurrentRun | undefined;

  constructor(private readonly clock: ProgressClock) {}

  start(phase: string, total: number, skipped: number): void {
    this.phase = phase;
    this.total = total - skipped;
    this.done = 0;
    this.loss = null;
    this.started = this.clock.now();
    this.runSeconds = 0;
    this.runsTimed = 0;
    this.tokens = 0;
    this.tokenSeconds = 0;
    this.running.clear();
    this.last = undefined;
  }

  get active(): boolean {
    return this.phase !== '' && this.done < this.total;
  }

  startRun(runId: string): void {
    const run = { runId, started: this.clock.now(), step: 0, totalSteps: 0 };
    this.running.set(runId, run);
    this.last = run;
  }

  step(runId: string, step: number, totalSteps: number, loss: number | null, tokens: number | undefined): void {
    this.loss = loss;
    const now = this.clock.now();
    const run = this.running.get(runId) ?? { runId, started: now, step: 0, totalSteps };
    this.running.set(runId, run);
    if (run.lastStepAt !== undefined && tokens !== undefined) {
      this.tokens += tokens;
      this.tokenSeconds += (now - run.lastStepAt) / 1000;
    }
    run.firstStepAt ??= now;
    run.lastStepAt = now;
    run.step = step;
    run.totalSteps = totalSteps;
    this.last = run;
  }

  finishRun(runId: string, seconds: number): void {
    this.done++;
    this.runsTimed++;
    this.runSeconds += seconds;
    this.running.delete(runId);
    if (this.last?.runId === runId) this.last = undefined;
  }

  /** Seconds per step of a run, from its steps after the first (the first includes loading). */
  private secondsPerStep(run: CurrentRun): number | undefined {
    if (run.firstStepAt === undefined || run.lastStepAt === undefined || run.step < 2) {
      return run.lastStepAt === undefined || run.step < 1 ? undefined : (run.lastStepAt - run.started) / 1000 / run.step;
    }
    return (run.lastStepAt - run.firstStepAt) / 1000 / (run.step - 1);
  }

  /** Seconds left in `run`, from its pace so far. */
  private runLeft(run: CurrentRun): number | undefined {
    const perStep = this.secondsPerStep(run);
    return perStep === undefined ? undefined : perStep * Math.max(0, run.totalSteps - run.step);
  }

  /** The run whose steps the line shows: the one that stepped last. */
  current(): CurrentRun | undefined {
    return this.last;
  }

  runEta(): string {
    const run = this.last;
    const left = run === undefined ? undefined : this.runLeft(run);
    return left === undefined ? '?' : formatEta(left);
  }

  eta(): string {
    const left = this.total - this.done;
    if (this.runsTimed > 0) {
      const perRun = this.runSeconds / this.runsTimed;
      const inFlight = [...this.running.values()].map((r) => this.runLeft(r) ?? perRun);
      const rest = Math.max(0, left - inFlight.length);
      const wall = (this.clock.now() - this.started) / 1000;
      // with parallel runs the phase has gone faster than the runs' sum: scale by the speed-up seen
      const parallel = wall > 0 ? Math.max(1, this.runSeconds / wall) : 1;
      return formatEta(Math.max(0, ...inFlight) + (rest * perRun) / parallel);
    }
    const run = this.last;
    const runLeft = run === undefined ? undefined : this.runLeft(run);
    const perStep = run === undefined ? undefined : this.secondsPerStep(run);
    if (run === undefined || runLeft === undefined || perStep === undefined) return '?';
    // no run finished yet: every run left takes as long as this one will
    const projected = (run.firstStepAt! - run.started) / 1000 + perStep * run.totalSteps;
    return formatEta(runLeft + Math.max(0, left - 1) * projected);
  }

  tokensPerSecond(): string {
    if (this.tokenSeconds <= 0) return '?';
    const rate = this.tokens / this.tokenSeconds;
    return rate >= 100 ? String(Math.round(rate)) : rate.toPrecision(3);
  }

  lossText(): string {
    return this.loss === null ? '-' : this.loss.toFixed(4);
  }
}

/** Messages every human-facing sink prints as lines. */
function lineFor(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'phase':
      return runMessages.phaseStart(event.phase, event.total, event.skipped);
    case 'run-end':
      return event.status === 'ok' ? undefined : runMessages.runFailed(event.runId, event.status, event.reason ?? '');
    case 'selected':
      return runMessages.selected(event.group, event.trial, event.metric, event.score);
    case 'no-selection':
      return runMessages.noSelection(event.group);
    case 'interrupted':
      return runMessages.interrupted(event.recorded);
    case 'summary':
      return runMessages.summary(event.resultsDir, event.ok, event.failed, event.skipped);
    default:
      return undefined;
  }
}

/** The phase's line with the step of the run in progress: `trials: 3/12 runs, step 40/200, 1234 tokens/s, loss 0.6931, ETA run 1m20s, trials 14m05s`. */
function stepLine(tracker: PhaseTracker): string {
  const run = tracker.current();
  return runMessages.stepProgressLine(tracker.phase, tracker.done, tracker.total, run?.step ?? 0, run?.totalSteps ?? 0, tracker.tokensPerSecond(), tracker.lossText(), tracker.runEta(), tracker.eta());
}

/**
 * Plain lines (not a TTY): events worth a line, a progress line when runs end (at most every
 * `everyMs`, and when a phase completes), and while a run is in progress a line with its step every
 * `everyMs` — a long run is never silent for longer than that.
 */
export function plainSink(write: (line: string) => void, everyMs = 30_000, clock: ProgressClock = realClock): EventSink {
  const tracker = new PhaseTracker(clock);
  let last = clock.now();
  let stopTicking: (() => void) | undefined;
  const tick = () => {
    if (!tracker.active || clock.now() - last < everyMs) return;
    last = clock.now();
    write(stepLine(tracker));
  };
  return (event) => {
    if (event.type === 'phase') {
      tracker.start(event.phase, event.total, event.skipped);
      last = clock.now();
      stopTicking ??= clock.every(Math.max(1000, Math.floor(everyMs / 10)), tick);
    }
    if (event.type === 'run-start') tracker.startRun(event.runId);
    if (event.type === 'step') tracker.step(event.runId, event.step, event.totalSteps, event.loss, event.tokens);
    if (event.type === 'run-end') tracker.finishRun(event.runId, event.seconds);
    const line = lineFor(event);
    if (line !== undefined) write(line);
    if (event.type === 'summary' || event.type === 'interrupted') {
      stopTicking?.();
      stopTicking = undefined;
    }
    const now = clock.now();
    if (event.type === 'run-end' && (now - last >= everyMs || tracker.done === tracker.total)) {
      last = now;
      write(runMessages.progressLine(tracker.phase, tracker.done, tracker.total, tracker.lossText(), tracker.eta()));
    }
  };
}

/** A live bar redrawn in place on a TTY (`write` must not add newlines). */
export function ttySink(write: (text: string) => void, columns = 80, clock: ProgressClock = realClock): EventSink {
  const tracker = new PhaseTracker(clock);
  let drawn = false;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    const run = tracker.current();
    const steps = run === undefined || run.totalSteps === 0 ? '' : ` step ${run.step}/${run.totalSteps}`;
    const rate = tracker.tokensPerSecond();
    const text = `${steps}${rate === '?' ? '' : ` ${rate} tok/s`} loss ${tracker.lossText()} ETA ${run === undefined ? '' : `run ${tracker.runEta()}, `}${tracker.phase} ${tracker.eta()}`;
    const width = Math.max(10, Math.min(30, columns - 30 - text.length));
    const filled = tracker.total === 0 ? width : Math.round((tracker.done / tracker.total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    clear();
    write(`${tracker.phase} ${bar} ${tracker.done}/${tracker.total}${text}`);
    drawn = true;
  };
  return (event) => {
    if (event.type === 'phase') tracker.start(event.phase, event.total, event.skipped);
    if (event.type === 'run-start') tracker.startRun(event.runId);
    if (event.type === 'step') tracker.step(event.runId, event.step, event.totalSteps, event.loss, event.tokens);
    if (event.type === 'run-end') tracker.finishRun(event.runId, event.seconds);
    const line = lineFor(event);
    if (line !== undefined) {
      clear();
      write(`${line}\n`);
    }
    if (event.type === 'summary' || event.type === 'interrupted') return;
    const now = clock.now();
    if (event.type === 'step' && now - lastDraw < 100) return;
    if (event.type === 'phase' || event.type === 'step' || event.type === 'run-end' || event.type === 'run-start') {
      lastDraw = now;
      draw();
    }
  };
}
