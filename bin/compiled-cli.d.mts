// Types of bin/compiled-cli.mjs (plain JavaScript, so that bin/reftbench.mjs can load it without tsx).
export declare const ROOT: string;
export declare const ENTRY_POINTS: Record<string, string>;
export interface CompiledCliOptions {
  root?: string;
  cacheDir?: string;
  entryPoints?: Record<string, string>;
}
export declare function compiledCli(options?: CompiledCliOptions): { entry: string; built: boolean } | { entry: null; reason: string };
