// Entry of the chart worker thread: a worker runs without the TypeScript loader hooks of the
// thread that started it (bin/reftbench.mjs or `node --import tsx`), so it registers tsx itself,
// then loads the worker's body.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
