// Entry of the chart worker thread: a worker runs without the TypeScript loader hooks of the
// thread that started it (bin/reftbench.mjs or `node --import tsx`), so it registers tsx itself,
// then loads the worker's body. vega and vega-lite (plain JavaScript, some fifty modules) are
// imported first, before the hooks exist: through tsx's hooks each of their modules would cost a
// round trip to the hooks thread, about a third of a second in all at every cold start.
import 'vega';
import 'vega-lite';
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
