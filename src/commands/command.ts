/** The shape every `reftbench <command>` has. Commands are registered in `src/commands/index.ts`. */
export interface CommandIO {
  /** Standard output: results a user or a script reads. */
  out(text: string): void;
  /** Standard error: progress and diagnostics. */
  err(text: string): void;
  /** Working directory that relative paths on the command line are resolved against. */
  cwd: string;
  /** Environment variables (REFTBENCH_DATA_DIR and friends). */
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** Usage text shown by `reftbench help <command>`. */
  usage: string;
  /** Returns the process exit code. Throw a `UserError` for mistakes a user made (exit code 2). */
  run(args: string[], io: CommandIO): Promise<number>;
}

/**
 * A line of the command table (src/commands/index.ts): the name and summary `reftbench help` lists,
 * and the module, imported only when the command runs (so `reftbench report` never loads the
 * training engine and onnxruntime, which would add about half a second to every start).
 */
export interface CommandEntry {
  name: string;
  /** One line for `reftbench help`. */
  summary: string;
  load(): Promise<Command>;
}
