// Entry of an `ort` child process started from the TypeScript sources: a child process runs
// without the loader hooks of its parent (bin/reftbench.mjs or `node --import tsx`), so it registers
// tsx itself, then loads the child's body. The compiled copy of the command (bin/compiled-cli.mjs)
// builds run-child.ts under this file's name instead, which needs no loader.
import { register } from 'tsx/esm/api';

register();
await import('./run-child.ts');
