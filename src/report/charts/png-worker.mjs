// The PNG thread of a chart rendering (started by png-rasteriser.ts): for each message
// { id, svg, options } it rasterises the SVG with resvg (on resvg's own threads) and encodes the
// PNG here, then posts { id, png } (the bytes transferred, not copied) or { id, error }. Plain
// JavaScript with one import, so it starts in a few tens of milliseconds without the TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { renderAsync } from '@resvg/resvg-js';

parentPort.on('message', ({ id, svg, options }) => {
  renderAsync(svg, options).then(
    (image) => {
      const png = image.asPng();
      parentPort.postMessage({ id, png }, [png.buffer]);
    },
    (error) => parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
