/**
 * Where charts are rendered: in this thread, or on one worker thread opened before the results
 * are read, so that importing vega, laying out the charts and rasterising them run on the second
 * core while this thread reads results and computes the statistics. Both run renderImages
 * (render.ts), so the bytes are the same; the worker only pays off for large reports.
 */
import { Worker } from 'node:worker_threads';
import { renderImages, type ChartImages, type RenderWanted } from './render.ts';

/** A rendering request sent to the worker. */
export interface RenderJob {
  charts: { spec: Record<string, unknown> }[];
  fontFiles: string[];
  wanted: RenderWanted;
}

/** The worker's answers to one job: the SVGs, then the PNGs and the PDFs; or an error. */
export type RenderReply = { kind: 'svgs'; svgs: string[] } | { kind: 'pngs'; pngs: Uint8Array[] } | { kind: 'pdfs'; pdfs: Uint8Array[] } | { kind: 'error'; message: string };

export interface ChartRenderer {
  /** True when rendering runs on the caller's thread (vega's layout then competes with the caller's own work). */
  readonly inThisThread: boolean;
  /** Starts rendering `charts`; one job per renderer. */
  render(charts: readonly { spec: Record<string, unknown> }[], fontFiles: readonly string[], wanted: RenderWanted): ChartImages;
  /** Releases the worker (if any); safe to call more than once. */
  close(): Promise<void>;
}

/** Renders in the calling thread (small reports, tests). */
export function threadRenderer(): ChartRenderer {
  return { inThisThread: true, render: renderImages, close: async () => {} };
}

/** Starts a worker at once (it begins importing the chart libraries) and renders there. */
export function workerRenderer(): ChartRenderer {
  const worker = new Worker(new URL('./render-worker-entry.mjs', import.meta.url));
  let job: { svgs: Settle<string[]>; pngs: Settle<Uint8Array[]>; pdfs: Settle<Uint8Array[]>; waiting: number } | undefined;
  let closed = false;
  const fail = (error: Error) => {
    job?.svgs.reject(error);
    job?.pngs.reject(error);
    job?.pdfs.reject(error);
    worker.unref();
  };
  worker.on('message', (reply: RenderReply) => {
    if (reply.kind === 'svgs') job?.svgs.resolve(reply.svgs);
    else if (reply.kind === 'pngs' || reply.kind === 'pdfs') {
      const files = (reply.kind === 'pngs' ? reply.pngs : reply.pdfs).map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
      job?.[reply.kind].resolve(files);
      if (job && --job.waiting === 0) worker.unref();
    } else fail(new Error(`chart worker: ${reply.message}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`chart worker exited (code ${code}) before finishing`)));
  // Held (ref'd) only while a job is under way: an idle worker never keeps the process alive. This
  // comes after the listeners, since adding a 'message' listener refs the worker again.
  worker.unref();
  return {
    inThisThread: false,
    render(charts, fontFiles, wanted) {
      if (job) throw new Error('a chart worker renders one job');
      const svgs = settleable<string[]>();
      const pngs = settleable<Uint8Array[]>();
      const pdfs = settleable<Uint8Array[]>();
      job = { svgs, pngs, pdfs, waiting: 2 };
      const message: RenderJob = { charts: charts.map((c) => ({ spec: c.spec })), fontFiles: [...fontFiles], wanted };
      worker.ref();
      worker.postMessage(message);
      return { svgs: svgs.promise, pngs: pngs.promise, pdfs: pdfs.promise };
    },
    async close() {
      if (closed) return;
      closed = true;
      worker.removeAllListeners();
      // Not awaited: a report must not wait on a thread it no longer needs.
      worker.terminate().catch(() => {});
    },
  };
}

interface Settle<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

/** A promise with its resolve and reject; a rejection nobody awaits yet does not count as unhandled. */
function settleable<T>(): Settle<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
