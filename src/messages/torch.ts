/**
 * User-facing messages of the torch stage: the PyTorch worker (src/backends/torch/) and its
 * TypeScript adapter. Each names the file or setting, the place in it, and what to do.
 */
export const torchMessages = {
  pythonMissing: (python: string) =>
    `torch backend: no Python environment at ${python}. Run \`npm run setup:torch\` (it creates .venv/ with the pinned ` +
    'torch, transformers and peft from requirements-torch.txt), or set REFTBENCH_PYTHON to a Python that has them.',
  workerUserError: (specPath: string, message: string) => `torch backend, run spec ${specPath}: ${message}`,
  /** A suite method of a kind only the worker runs (peft's prefix, loha, lokr, vera, oft), planned for ort. */
  methodNeedsTorch: (suiteFile: string, methodId: string, kind: string) =>
    `${suiteFile}: method "${methodId}" is ${kind}, which only the torch backend runs (through peft); the ort engine does not implement it. ` +
    'Set "backend": { "prefer": "torch" } in the suite or pass --backend torch (once `npm run setup:torch` has made .venv/), or remove the method.',
  methodNeedsOrt: (suiteFile: string, methodId: string, kind: string) =>
    `${suiteFile}: method "${methodId}" is ${kind}, which only the ort engine runs; the torch worker does not implement it. ` +
    'Set "backend": { "prefer": "ort" } in the suite or pass --backend ort, or remove the method.',
  // --- the run spec's initParams and dropout, as the ort backend reads them ---------------------
  initParamsNoFile: (path: string) =>
    `run spec /initParams: ${path} does not exist. Write it (the parity tests and the worker's --dump-init do) or remove the field.`,
  initParamsMissing: (path: string, names: readonly string[]) =>
    `run spec /initParams: ${path} lacks ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}. ` +
    "Write every trainable parameter, in the torch worker's names (docs/parity.md).",
  initParamsSize: (path: string, name: string, got: number, want: number) =>
    `run spec /initParams: ${path} has ${name} with ${got} values; the model needs ${want}. Write it for this model and method configuration.`,
  initParamsUnnamed: (kind: string, name: string) =>
    `run spec /initParams: the ort backend reads initial parameters for the ReFT kinds, lora, bitfit and full, not ${kind} (no worker name for ${name}). ` +
    'Remove initParams or run this method on the torch backend.',
  decoderHiddenDropout: (p: number) =>
    `run spec /dropout/hidden is ${p}, but LLaMA blocks have no hidden dropout (only encoders do). Set it to 0 for decoder models.`,
  /** The same refusal from the ort backend itself, for a run spec that reached it. */
  ortLacksKind: (kind: string) =>
    `method kind ${kind} runs only on the torch backend (through peft); the ort engine does not implement it. Plan and run it with --backend torch.`,
  /** The same refusal from the torch backend itself, for a run spec of a kind the worker does not implement. */
  torchLacksKind: (kind: string) =>
    `method kind ${kind} runs only on the ort engine; the torch worker does not implement it. Plan and run it with --backend ort.`,

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
