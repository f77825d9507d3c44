/**
 * User-facing messages of the torch stage: the PyTorch worker (src/backends/torch/) and its
 * TypeScript adapter. Each names the file or setting, the place in it, and what to do.
 */
export const torchMessages = {
  pythonMissing: (python: string) =>
    `torch backend: no Python environment at ${python}. Run \`npm run setup:torch\` (it creates .venv/ with the pinned ` +
    'torch, transformers and peft from requirements-torch.txt), or set REFTBENCH_PYTHON to a Python that has them.',
  workerUserError: (specPath: string, message: string) => `torch backend, run spec ${specPath}: ${message}`,

  // --- failure reasons recorded in a failed run's result (one line each) -----------------------
  crashed: (exitCode: number | undefined, signal: string | undefined) =>
    signal !== undefined
      ? `the torch worker was killed by ${signal} (out of memory, or stopped from outside); see the stderr tail`
      : `the torch worker exited with code ${exitCode ?? 'unknown'} without an end event; see the stderr tail`,
  internalError: (message: string) => `the torch worker failed: ${message}`,
  diverged: (message: string) => `the training loss diverged: ${message}`,
  badEventLine: (line: string) =>
    `the torch worker wrote a line to stdout that is not a valid event (schemas/events.schema.json): ${line.slice(0, 200)}`,
  startFailed: (python: string, reason: string) => `could not start ${python}: ${reason}`,
  lmScoresMissing: (split: string) =>
    `the torch worker's ${split} predictions of a causal-LM task lack per-example nllSums/tokens (or the generated answers the task needs); the worker is older than this reftbench: run \`npm run setup:torch\` again`,
};
