/**
 * What the runner tells the user while it works, as typed events, and the three ways to show them:
 * a live bar (runs done/total, current loss, ETA) redrawn on a TTY; plain periodic lines when stderr
 * is not a TTY (CI); and `--json`, one JSON object per line on stdout for scripts.
 */
import { runMessages } from '../messages/index.ts';

export type RunEvent =
  | { type: 'phase'; phase: 'trials' | 'finals'; total: number; skipped: number }
  | { type: 'run-start'; runId: string; phase: 'trial' | 'final' }
  | { type: 'step'; runId: string; step: number; totalSteps: number; loss: number | null }
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

/** Counts and timing shared by the bar and the plain lines. */
class PhaseTracker {
  phase = '';
  total = 0;
  done = 0;
  loss: number | null = null;
  private started = 0;
  private runsTimed = 0;

  start(phase: string, total: number, skipped: number): void {
    this.phase = phase;
    this.total = total - skipped;
    this.done = 0;
    this.loss = null;
    this.started = Date.now();
    this.runsTimed = 0;
  }

  finishRun(): void {
    this.done++;
    this.runsTimed++;
  }

  eta(): string {
    if (this.runsTimed === 0) return '?';
    const perRun = (Date.now() - this.started) / 1000 / this.runsTimed;
    return formatEta(perRun * (this.total - this.done));
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

/** Plain lines (not a TTY): events worth a line, and a progress line at most every `everyMs`. */
export function plainSink(write: (line: string) => void, everyMs = 10_000): EventSink {
  const tracker = new PhaseTracker();
  let last = 0;
  return (event) => {
    if (event.type === 'phase') tracker.start(event.phase, event.total, event.skipped);
    if (event.type === 'step') tracker.loss = event.loss;
    if (event.type === 'run-end') tracker.finishRun();
    const line = lineFor(event);
    if (line !== undefined) write(line);
    const now = Date.now();
    if (event.type === 'run-end' && (now - last >= everyMs || tracker.done === tracker.total)) {
      last = now;
      write(runMessages.progressLine(tracker.phase, tracker.done, tracker.total, tracker.lossText(), tracker.eta()));
    }
  };
}

/** A live bar redrawn in place on a TTY (`write` must not add newlines). */
export function ttySink(write: (text: string) => void, columns = 80): EventSink {
  const tracker = new PhaseTracker();
  let drawn = false;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    const width = Math.max(10, Math.min(30, columns - 60));
    const filled = tracker.total === 0 ? width : Math.round((tracker.done / tracker.total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    clear();
    write(`${tracker.phase} ${bar} ${tracker.done}/${tracker.total} loss ${tracker.lossText()} ETA ${tracker.eta()}`);
    drawn = true;
  };
  return (event) => {
    if (event.type === 'phase') tracker.start(event.phase, event.total, event.skipped);
    if (event.type === 'step') tracker.loss = event.loss;
    if (event.type === 'run-end') tracker.finishRun();
    const line = lineFor(event);
    if (line !== undefined) {
      clear();
      write(`${line}\n`);
    }
    if (event.type === 'summary' || event.type === 'interrupted') return;
    const now = Date.now();
    if (event.type === 'step' && now - lastDraw < 100) return;
    if (event.type === 'phase' || event.type === 'step' || event.type === 'run-end') {
      lastDraw = now;
      draw();
    }
  };
}
