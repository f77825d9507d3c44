/**
 * Where the data stage reads and writes: the data directory (`--data-dir`, else REFTBENCH_DATA_DIR),
 * the cache directory (REFTBENCH_CACHE_DIR, else `.cache/reftbench/` under the working directory) and
 * the Hugging Face hub (HF_ENDPOINT, HF_HUB_OFFLINE, as the hub's own clients read them).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataLocations {
  /** Folder in the standard GLUE layout (`glue/<TASK>/*.tsv`), or undefined when none is set. */
  dataDir?: string;
  /** Folder for downloaded files and tokenized splits. */
  cacheDir: string;
  /** Base URL of the Hugging Face hub (no trailing slash). */
  hubEndpoint: string;
  /** True when the hub must not be contacted. */
  offline: boolean;
  /** The hub library's own cache (`$HF_HUB_CACHE`, `$HF_HOME/hub`, `~/.cache/huggingface/hub`), read only. */
  hubCacheDir: string;
  /** An access token for gated or private hub repositories (`$HF_TOKEN`), sent to the endpoint only. */
  hubToken?: string;
}

const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

/** Resolves every location from the command line option, the environment and the working directory. */
export function resolveDataLocations(env: NodeJS.ProcessEnv, cwd: string, dataDirOption?: string): DataLocations {
  const dataDir = dataDirOption ?? (env.REFTBENCH_DATA_DIR || undefined);
  const locations: DataLocations = {
    cacheDir: resolve(cwd, env.REFTBENCH_CACHE_DIR || join('.cache', 'reftbench')),
    hubEndpoint: (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, ''),
    offline: truthy(env.HF_HUB_OFFLINE) || truthy(env.REFTBENCH_OFFLINE),
    hubCacheDir: env.HF_HUB_CACHE || join(env.HF_HOME || join(homedir(), '.cache', 'huggingface'), 'hub'),
  };
  if (dataDir !== undefined) locations.dataDir = resolve(cwd, dataDir);
  const token = (env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN)?.trim();
  if (token) locations.hubToken = token;
  return locations;
}
