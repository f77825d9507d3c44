/**
 * The chart worker's body (started by chart-renderer.ts through render-worker-entry.mjs): imports
 * vega, vega-lite and resvg as soon as it starts, so that happens while the main thread reads
 * results; then renders each job it is sent with renderImages (the same code as in-thread
 * rendering, so the same bytes) and posts back the SVGs, then the PNGs.
 */
import { parentPort } from 'node:worker_threads';
import { loadRenderModules, renderImages } from './render.ts';
import type { RenderJob, RenderReply } from './chart-renderer.ts';

const port = parentPort!;
const post = (reply: RenderReply) => port.postMessage(reply);
loadRenderModules().catch(() => {}); // a failed import is reported by the first job

port.on('message', (job: RenderJob) => {
  const images = renderImages(job.charts, job.fontFiles, job.wanted);
  images.svgs.then(
    (svgs) => post({ kind: 'svgs', svgs }),
    (error: unknown) => post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
  images.pngs.then(
    (pngs) => post({ kind: 'pngs', pngs }),
    (error: unknown) => post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
