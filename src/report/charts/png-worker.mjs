// The PNG thread of a chart rendering (started by png-rasteriser.ts with workerData { fontCache }):
// for each message { id, svg, options } it rasterises the SVG with resvg (on resvg's own threads),
// with subsets of the font files where the SVG's text allows (font-subset.mjs, cached in
// fontCache), and encodes the PNG here, then posts { id, png } (the bytes transferred, not
// copied) or { id, error }. Plain JavaScript, so it starts in a few tens of milliseconds without
// the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { renderAsync } from '@resvg/resvg-js';
import { FontSubsets } from './font-subset.mjs';

const subsets = new FontSubsets(workerData.fontCache);

parentPort.on('message', ({ id, svg, options }) => {
  const font = { ...options.font, fontFiles: subsets.filesFor(options.font?.fontFiles ?? [], svg) };
  renderAsync(svg, { ...options, font }).then(
    (image) => {
      const png = image.asPng();
      parentPort.postMessage({ id, png }, [png.buffer]);
    },
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
