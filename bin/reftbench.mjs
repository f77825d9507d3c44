#!/usr/bin/env node
// Entry point of the `reftbench` command. It runs the compiled copy of the TypeScript sources
// (bin/compiled-cli.mjs: one esbuild bundle under .cache/cli/, rebuilt whenever a source file
// changes), or the sources themselves through tsx when that copy cannot be built or when
// REFTBENCH_FROM_SOURCE=1. Both run the same code: src/cli.ts.
import { pathToFileURL } from 'node:url';
import { compiledCli } from './compiled-cli.mjs';

const compiled = process.env.REFTBENCH_FROM_SOURCE === '1' ? null : compiledCli().entry;
if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
