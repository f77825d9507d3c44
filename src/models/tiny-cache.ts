/**
 * Turns a suite's `tiny:<kind>@<seed>` source plus its inline architecture into an HF-format
 * directory on disk, generated once per (kind, seed, architecture) under a cache folder
 * (`<cacheRoot>/tiny-<kind>-<seed>-<hash>`), so every backend and the tokenizer read the same files.
 * Generation is atomic (temporary folder, then rename); when two processes race, the first rename
 * wins and the other uses its result, which has the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import type { ArchConfig } from './arch.ts';
import { writeHfDir } from './hf-write.ts';
import { TINY_KINDS, generateTinyModelStoppable, tinyArch, tinyModelSize, tinyTokenizer, type TinyKind } from './tiny.ts';

export interface TinySource {
  kind: TinyKind;
  seed: number;
}

/** Parses `tiny:<bert|roberta|llama>@<seed>`; undefined when `source` is not a tiny source. */
export function parseTinySource(source: string): TinySource | undefined {
  const match = /^tiny:([a-z]+)@(\d+)$/.exec(source);
  if (!match) return undefined;
  const kind = match[1]!;
  if (!(TINY_KINDS as readonly string[]).includes(kind)) throw new UserError(msg.tinyUnknownKind(kind, TINY_KINDS));
  const seed = Number(match[2]);
  if (seed > 0xffffffff) throw new UserError(msg.badSeed(match[2]!));
  return { kind: kind as TinyKind, seed };
}

/**
 * The architecture the generator will actually write for `arch`: the tokenizer fixes the padding
 * id, and RoBERTa's position offset follows it. Fields the suite set differently are returned.
 */
export function tinyArchConflicts(kind: TinyKind, arch: Partial<ArchConfig>): { field: keyof ArchConfig; wanted: unknown; written: unknown }[] {
  const pad = tinyTokenizer(kind, null).padTokenId;
  const written: Partial<ArchConfig> = { modelType: kind, family: kind === 'llama' ? 'decoder' : 'encoder', padTokenId: pad };
  if (kind === 'roberta') written.positionOffset = pad + 1;
  if (kind === 'bert') written.positionOffset = 0;
  return (Object.keys(written) as (keyof ArchConfig)[])
    .filter((field) => arch[field] !== undefined && arch[field] !== written[field])
    .map((field) => ({ field, wanted: arch[field], written: written[field] }));
}

/** A short stable hash of the full architecture, so different inline archs get different folders. */
function archHash(arch: ArchConfig): string {
  const keys = Object.keys(arch).sort() as (keyof ArchConfig)[];
  const canonical = JSON.stringify(keys.map((k) => [k, arch[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/** Models at least this large (about a second of drawing) say so on the log before they are drawn. */
const ANNOUNCE_PARAMS = 10_000_000;

/**
 * The directory of the tiny model `source` with `arch` (overrides on the kind's defaults),
 * generating it under `cacheRoot` when absent. Throws a UserError when the suite's arch asks for
 * something the generator cannot write (e.g. another padding id than its tokenizer's). The weights
 * are drawn with the event loop running, so a SIGTERM is handled meanwhile: once `stop` is aborted
 * this throws its reason and nothing is written.
 */
export async function ensureTinyModelDir(
  source: string, arch: Partial<ArchConfig>, cacheRoot: string, options: { stop?: AbortSignal; log?: (line: string) => void } = {},
): Promise<string> {
  const parsed = parseTinySource(source);
  if (!parsed) throw new UserError(msg.notTinySource(source));
  const conflicts = tinyArchConflicts(parsed.kind, arch);
  if (conflicts.length > 0) {
    throw new UserError(msg.tinyArchConflict(source, conflicts.map((c) => `${c.field} ${JSON.stringify(c.wanted)} (generator writes ${JSON.stringify(c.written)})`)));
  }
  const full = tinyArch(parsed.kind, arch);
  const dir = join(resolve(cacheRoot), `tiny-${parsed.kind}-${parsed.seed}-${archHash(full)}`);
  if (existsSync(join(dir, 'model.safetensors'))) return dir;
  const params = tinyModelSize(parsed.kind, arch);
  if (params >= ANNOUNCE_PARAMS) options.log?.(msg.tinyDrawing(source, params, dir));
  const contents = await generateTinyModelStoppable(parsed.kind, parsed.seed, arch, options.stop ?? new AbortController().signal);
  mkdirSync(resolve(cacheRoot), { recursive: true });
  const staging = `${dir}.staging-${process.pid}-${Date.now()}`;
  writeHfDir(staging, contents);
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(join(dir, 'model.safetensors')))) throw error;
  }
  return dir;
}
