/**
 * The chart worker's body (started by chart-renderer.ts through render-worker-entry.mjs): imports
 * vega and vega-lite and lays out a small warm-up chart as soon as it starts, so that happens while
 * the main thread reads results; then renders each job it is sent with renderImages (the same code
 * as in-thread rendering, so the same bytes) and posts back the SVGs, then the PNGs and the PDFs.
 */
import { parentPort } from 'node:worker_threads';
import { renderImages, warmUpRenderer } from './render.ts';
import type { RenderJob, RenderReply } from './chart-renderer.ts';

const port = parentPort!;
const post = (reply: RenderReply) => port.postMessage(reply);
// Import vega and warm it up while the main thread reads the results; a failure here is reported
// by the first job, which imports the same modules.
const warm = warmUpRenderer().catch(() => {});

port.on('message', async (job: RenderJob) => {
  await warm; // the warm-up and a job never interleave
  const images = renderImages(job.charts, job.fontFiles, job.wanted);
  images.svgs.then(
    (svgs) => post({ kind: 'svgs', svgs }),
    (error: unknown) => post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
  images.pngs.then(
    (pngs) => post({ kind: 'pngs', pngs }),
    (error: unknown) => post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
  images.pdfs.then(
    (pdfs) => post({ kind: 'pdfs', pdfs }),
    (error: unknown) => post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
