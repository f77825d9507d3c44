/**
 * A suite model given as `hf:<repo>@<revision>` made into a local HF-format folder every backend
 * reads: config.json, tokenizer.json (with tokenizer_config.json and special_tokens_map.json when
 * the repository has them) and the safetensors weights (one file or the shards of an index; pickled
 * .bin weights are never fetched). Looked for, in order:
 *   1. reftbench's cache, `<cache>/models/hub/<owner>--<name>/<revision>/`;
 *   2. the `huggingface_hub` library's cache (a snapshot with every file needed), read in place;
 *   3. the hub (HF_ENDPOINT), unless offline — then one message that says to run `reftbench prefetch`.
 * A download holds a lock per repository and revision (src/data/download-lock.ts), writes each file
 * atomically into `<revision>.partial/` (kept across interruptions, so a rerun fetches only what is
 * missing) and renames that folder into place when every file is there and checked: a folder at the
 * cache path is always complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError, isUserError } from '../errors.ts';
import { hubMessages as msg } from '../messages/index.ts';
import { fsyncDir } from '../data/atomic-write.ts';
import { withDownloadLock } from '../data/download-lock.ts';
import { downloadFile, hubFileExists, hubFileUrl, hubLibrarySnapshot, HubUnavailable, type HubRepo } from '../data/hub-files.ts';
import type { DataLocations } from '../data/locations.ts';
import type { ArchConfig } from './arch.ts';
import { locateHfFiles } from './hf-dir.ts';
import { parseHfConfigText } from './hf-config.ts';
import { readSafetensorsHeader } from './safetensors.ts';

/** Where the model is named: the suite file, the JSON pointer of its source, and the source as written. */
export interface HubModelPlace {
  file: string;
  pointer: string;
  source: string;
}

export type HubModelOrigin = 'cache' | 'huggingface_hub cache' | 'downloaded';

export interface HubModelDir {
  dir: string;
  origin: HubModelOrigin;
}

/** A download is given up when no byte arrives for this long (a whole 13 GB file may take hours). */
const STALL_MS = 120_000;

/** Tokenizer files fetched beside tokenizer.json when the repository has them. */
const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json'];

/** Pickled weights, looked for only to say why a repository without safetensors is refused. */
const PICKLE_FILES = ['pytorch_model.bin', 'pytorch_model.bin.index.json'];

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Whether `repo` and `revision` are names the hub can have (and that cannot leave the cache folder). */
export function validHubName(repo: string, revision: string): boolean {
  const parts = repo.split('/');
  const revisionParts = revision.split('/');
  return parts.length <= 2 && parts.every((p) => NAME.test(p) && !p.includes('..'))
    && revisionParts.every((p) => /^[A-Za-z0-9._-]+$/.test(p) && p !== '.' && p !== '..');
}

/** reftbench's cached copy of a hub model: `<cache>/models/hub/<owner>--<name>/<revision, URL-encoded>`. */
export function hubModelCacheDir(cacheDir: string, repo: string, revision: string): string {
  return join(cacheDir, 'models', 'hub', repo.replace('/', '--'), encodeURIComponent(revision));
}

const isDir = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;

/** Whether `dir` is a model folder reftbench can read (config, tokenizer, every safetensors file). */
function isModelDir(dir: string): boolean {
  try {
    locateHfFiles(dir);
    return true;
  } catch (error) {
    if (isUserError(error)) return false;
    throw error;
  }
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/**
 * The local folder of the hub model `repo@revision`, downloading it when neither cache has it.
 * Every problem is a `UserError` that names the suite file and the model's place in it.
 */
export async function ensureHubModelDir(
  repo: string, revision: string, where: DataLocations, place: HubModelPlace, log?: (line: string) => void,
): Promise<HubModelDir> {
  if (!validHubName(repo, revision)) throw new UserError(msg.badRepoName(place.file, place.pointer, place.source));
  const target = hubModelCacheDir(where.cacheDir, repo, revision);
  if (await isDir(target)) return { dir: target, origin: 'cache' };
  const hubRepo: HubRepo = { id: repo, revision, type: 'model' };
  const snapshot = await hubLibrarySnapshot(where.hubCacheDir, hubRepo);
  if (snapshot !== undefined && isModelDir(snapshot)) return { dir: snapshot, origin: 'huggingface_hub cache' };
  if (where.offline) throw new UserError(msg.offline(place.file, place.pointer, place.source, where.cacheDir));
  return withDownloadLock(target, async () => {
    // Another process may have finished it while this one waited for the lock.
    if (await isDir(target)) return { dir: target, origin: 'cache' };
    await downloadModel(hubRepo, target, where, place, log);
    return { dir: target, origin: 'downloaded' };
  }, (holder) => log?.(msg.waiting(place.source, holder === undefined ? 'unknown' : `pid ${holder.pid} on ${holder.host}`)));
}

/** Downloads every file of the model into `<target>.partial/`, checks them, and renames the folder to `target`. */
async function downloadModel(hubRepo: HubRepo, target: string, where: DataLocations, place: HubModelPlace, log?: (line: string) => void): Promise<void> {
  const staging = `${target}.partial`;
  await mkdir(staging, { recursive: true });
  // Temporaries of an attempt that was killed: this process holds the lock, so nobody writes them now.
  for (const name of await readdir(staging)) if (name.endsWith('.download')) await rm(join(staging, name), { force: true });
  const { file, pointer, source } = place;

  /** Fetches one file into the staging folder (unless an earlier attempt did); false when the repository has no such file. */
  const fetchFile = async (name: string): Promise<boolean> => {
    const path = join(staging, name);
    if (existsSync(path)) return true;
    const url = hubFileUrl(where.hubEndpoint, hubRepo, name);
    try {
      await downloadFile(url, path, undefined, STALL_MS, {
        ...(where.hubToken === undefined ? {} : { token: where.hubToken }),
        onStart: (bytes) => log?.(msg.downloading(source, name, formatSize(bytes))),
      });
      return true;
    } catch (error) {
      if (!(error instanceof HubUnavailable)) throw error;
      if (error.status === 404) return false;
      if (error.status === 401 || error.status === 403) throw new UserError(msg.needsToken(file, pointer, source, url, error.status));
      throw new UserError(msg.downloadFailed(file, pointer, source, url, error.message));
    }
  };
  /** Removes a downloaded file that failed its check, so a rerun downloads it again. */
  const refuse = async (name: string, problem: string): Promise<never> => {
    await rm(join(staging, name), { force: true });
    throw new UserError(msg.badDownload(file, pointer, source, name, problem));
  };

  // config.json first: it says whether reftbench can run this model at all, before the weights are fetched.
  if (!(await fetchFile('config.json'))) throw new UserError(msg.notFound(file, pointer, source, hubFileUrl(where.hubEndpoint, hubRepo, 'config.json')));
  try {
    parseHfConfigText(await readFile(join(staging, 'config.json'), 'utf8'), join(staging, 'config.json'));
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new UserError(msg.configRefused(file, pointer, source, error.message));
  }
  if (!(await fetchFile('tokenizer.json'))) {
    throw new UserError(msg.missingFile(file, pointer, source, 'tokenizer.json', 'reftbench tokenizes with the fast-tokenizer file tokenizer.json'));
  }
  try {
    JSON.parse(await readFile(join(staging, 'tokenizer.json'), 'utf8'));
  } catch (error) {
    await refuse('tokenizer.json', `not JSON: ${(error as Error).message}`);
  }
  for (const name of OPTIONAL_FILES) await fetchFile(name);

  let weights: string[];
  if (await fetchFile('model.safetensors')) {
    weights = ['model.safetensors'];
  } else if (await fetchFile('model.safetensors.index.json')) {
    weights = await shardNames(join(staging, 'model.safetensors.index.json'), place);
    for (const shard of weights) {
      if (!(await fetchFile(shard))) throw new UserError(msg.badIndex(file, pointer, source, `names ${shard}, which the repository does not have`));
    }
  } else {
    let pickle: string | undefined;
    for (const name of PICKLE_FILES) {
      if (await hubFileExists(hubFileUrl(where.hubEndpoint, hubRepo, name), where.hubToken)) {
        pickle = name;
        break;
      }
    }
    throw new UserError(pickle === undefined ? msg.noWeights(file, pointer, source) : msg.pickleOnly(file, pointer, source, pickle));
  }
  for (const name of weights) {
    try {
      readSafetensorsHeader(join(staging, name));
    } catch (error) {
      if (!isUserError(error)) throw error;
      await refuse(name, error.message);
    }
  }
  await rename(staging, target);
  await fsyncDir(dirname(target));
}

/** The shard files an index names (each a plain `*.safetensors` name in the same folder). */
async function shardNames(indexFile: string, place: HubModelPlace): Promise<string[]> {
  let map: unknown;
  try {
    map = (JSON.parse(await readFile(indexFile, 'utf8')) as { weight_map?: unknown } | null)?.weight_map;
  } catch (error) {
    await rm(indexFile, { force: true });
    throw new UserError(msg.badIndex(place.file, place.pointer, place.source, `is not JSON (${(error as Error).message})`));
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new UserError(msg.badIndex(place.file, place.pointer, place.source, 'has no "weight_map" object'));
  const shards = new Set<string>();
  for (const [tensor, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || !/^[A-Za-z0-9._-]+\.safetensors$/.test(shard)) {
      throw new UserError(msg.badIndex(place.file, place.pointer, place.source, `maps "${tensor}" to ${JSON.stringify(shard)}, not a .safetensors file in the same folder`));
    }
    shards.add(shard);
  }
  return [...shards].sort();
}

/** Architecture fields that decide what the planner counts (parameters, FLOPs) and what the engine builds. */
const COUNTED_FIELDS: readonly (keyof ArchConfig)[] = [
  'family', 'modelType', 'vocabSize', 'hiddenSize', 'numLayers', 'numHeads', 'numKvHeads', 'intermediateSize',
  'maxPositions', 'typeVocabSize', 'tieWordEmbeddings', 'linearBias',
];

/** Where the suite's architecture for a hub model (a preset, or inline) and the downloaded config.json disagree. */
export function archDifferences(suite: ArchConfig, config: ArchConfig): string[] {
  return COUNTED_FIELDS.filter((f) => suite[f] !== config[f]).map((f) => `${f} ${String(suite[f])} vs ${String(config[f])}`);
}
