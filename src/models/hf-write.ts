/**
 * Writes an HF-format model directory (config.json, model.safetensors, tokenizer.json) all at once:
 * everything goes to a temporary sibling folder that is renamed into place at the end, so a crash
 * never leaves a half-written model. An existing non-empty target is refused, never overwritten.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import { removeOrphanSiblings, siblingName } from '../orphan-temps.ts';
import { encodeSafetensors, type TensorMap } from './safetensors.ts';

export interface HfDirContents {
  config: Record<string, unknown>;
  tensors: TensorMap;
  tokenizer: Record<string, unknown>;
  /** Extra small files (name → text), e.g. a README saying where the model came from. */
  extraFiles?: Record<string, string>;
}

/** Throws unless `dir` is absent or an empty folder. */
export function assertWritableTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UserError(msg.outDirIsFile(dir));
  if (readdirSync(dir).length > 0) throw new UserError(msg.outDirExists(dir));
}

/** Writes the directory atomically and returns its absolute path. */
export function writeHfDir(dirArg: string, contents: HfDirContents): string {
  const dir = resolve(dirArg);
  assertWritableTarget(dir);
  try {
    mkdirSync(dirname(dir), { recursive: true });
  } catch (error) {
    throw new UserError(msg.outParentUnusable(dir, dirname(dir), (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
  removeOrphanSiblings(dir); // a writer killed before its rename left its temporary folder
  const temp = siblingName(dir, 'tmp');
  mkdirSync(temp);
  try {
    writeFileSync(join(temp, 'config.json'), `${JSON.stringify(contents.config, null, 2)}\n`);
    writeFileSync(join(temp, 'model.safetensors'), encodeSafetensors(contents.tensors, { format: 'pt' }));
    writeFileSync(join(temp, 'tokenizer.json'), `${JSON.stringify(contents.tokenizer, null, 2)}\n`);
    for (const [name, text] of Object.entries(contents.extraFiles ?? {})) writeFileSync(join(temp, name), text);
    if (existsSync(dir)) rmdirSync(dir);
    renameSync(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // Another process filled the target between the check above and the rename: never overwrite it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new UserError(msg.outDirExists(dir));
    throw error;
  }
  return dir;
}
