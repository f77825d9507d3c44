/**
 * PNG rasterising off the calling thread: one worker (png-worker.mjs) per rendering takes each SVG
 * as soon as vega has laid it out; resvg rasterises it on its own threads and the worker encodes the
 * PNG, so neither step holds up the thread that builds the rest of the report. The bytes are the
 * ones resvg gives in any thread (same library, same options, and font subsets that draw the same
 * pixels as the full fonts: font-subset.mjs, cached in FONT_CACHE).
 */
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { repoPath } from '../../repo-root.ts';

/** Where the PNG worker keeps its font subsets. */
export const FONT_CACHE = repoPath('.cache', 'fonts');

type Reply = { id: number; png: Uint8Array } | { id: number; error: string };

export class PngRasteriser {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (png: Uint8Array) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  /** @param fontCache where the worker keeps its font subsets (tests give their own folder) */
  constructor(private readonly fontCache: string = FONT_CACHE) {}

  /** The PNG of `svg`; the worker starts with the first call. */
  rasterise(svg: string, options: ResvgRenderOptions): Promise<Uint8Array> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    const png = new Promise<Uint8Array>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, svg, options });
    return png;
  }

  /** Stops the worker (pending PNGs fail); safe to call more than once. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    worker.removeAllListeners();
    this.failAll(new Error('PNG rasteriser closed'));
    worker.terminate().catch(() => {});
  }

  private start(): Worker {
    const worker = new Worker(new URL('./png-worker.mjs', import.meta.url), { workerData: { fontCache: this.fontCache } });
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref(); // an idle worker never keeps the process alive
      if (!waiting) return;
      if ('error' in reply) waiting.reject(new Error(`PNG rasteriser: ${reply.error}`));
      else waiting.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`PNG rasteriser exited (code ${code}) before finishing`)));
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
