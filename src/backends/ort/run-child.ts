/**
 * The body of an `ort` child process (started by child-backend.ts through ort-child-entry.mjs): it
 * runs the runs its parent sends, one at a time, on the in-process OrtBackend, and reports every
 * step and the outcome over the IPC channel. An onnxruntime step holds the JavaScript thread for
 * its whole length (seconds on BERT-base), so a run in the command's own process cannot notice a
 * Ctrl-C until the step ends; in a child, the parent stays responsive and stops a run at once by
 * killing the child. Signals from the terminal are the parent's to act on: the child ignores
 * SIGINT, SIGTERM and SIGHUP and ends when its parent disconnects or kills it.
 */
import type { BackendRunRequest } from '../backend.ts';
import { isUserError } from '../../errors.ts';
import { OrtBackend } from './backend.ts';
import type { ChildMessage, ParentMessage } from './child-protocol.ts';

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
process.on('disconnect', () => process.exit(0));

const backend = new OrtBackend();

function send(message: ChildMessage): void {
  process.send?.(message);
}

process.on('message', (message: ParentMessage) => {
  if (message.type !== 'run') return;
  const request: BackendRunRequest = {
    spec: message.spec,
    modelDir: message.modelDir,
    ...(message.schedule === undefined ? {} : { schedule: message.schedule }),
    signal: new AbortController().signal,
    onStep: (step) => send({ type: 'step', step }),
  };
  backend.run(request).then(
    (output) => send({ type: 'done', output }),
    (error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      send({ type: 'error', message: err.message, stack: err.stack ?? '', user: isUserError(err) });
    },
  );
});

send({ type: 'ready' });
