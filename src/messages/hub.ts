/**
 * User-facing messages about hub models (`hf:<repo>@<revision>` sources, src/models/hub-model.ts)
 * and `reftbench prefetch`, which fills the cache so machines without internet run from it. Each
 * problem names the suite file, the model's place in it, and what to do.
 */

/** `<suite> /models/<i>/source: model "hf:…"`, the start of every message about one suite model. */
const at = (file: string, pointer: string, source: string) => `${file} ${pointer}: model ${JSON.stringify(source)}`;

const prefetchHint = (file: string) =>
  `run \`reftbench prefetch ${file}\` on a machine that reaches the hub (a login node), with the same REFTBENCH_CACHE_DIR, then run again`;

export const hubMessages = {
  // --- hub models --------------------------------------------------------------------------------
  badRepoName: (file: string, pointer: string, source: string) =>
    `${at(file, pointer, source)} is not a hub repository name: write hf:<owner>/<name>@<revision> ` +
    '(letters, digits, "-", "_" and "." in the names; a branch, tag or commit as the revision), e.g. hf:FacebookAI/roberta-base@main.',
  offline: (file: string, pointer: string, source: string, cacheDir: string) =>
    `${at(file, pointer, source)} is not in the cache (${cacheDir}) and offline mode is on (HF_HUB_OFFLINE or REFTBENCH_OFFLINE is set): ` +
    `${prefetchHint(file)}.`,
  downloadFailed: (file: string, pointer: string, source: string, url: string, reason: string) =>
    `${at(file, pointer, source)} could not be downloaded: ${url} failed (${reason}). ` +
    `Check the network, or set HF_ENDPOINT to a mirror; on a machine without internet, ${prefetchHint(file)}.`,
  needsToken: (file: string, pointer: string, source: string, url: string, status: number) =>
    `${at(file, pointer, source)}: the hub refused ${url} (HTTP ${status}). The repository is gated or private: ` +
    'accept its terms on its hub page, then set HF_TOKEN to an access token of that account and run again.',
  notFound: (file: string, pointer: string, source: string, url: string) =>
    `${at(file, pointer, source)}: ${url} does not exist (HTTP 404). Check the repository name and the revision after "@" ` +
    '(a branch, tag or commit of that repository).',
  missingFile: (file: string, pointer: string, source: string, name: string, why: string) =>
    `${at(file, pointer, source)}: the repository has no ${name} at this revision (${why}). ` +
    'Pick a repository or revision that has it, or put config.json, model.safetensors and tokenizer.json in a local folder and set source to that folder.',
  pickleOnly: (file: string, pointer: string, source: string, pickle: string) =>
    `${at(file, pointer, source)}: the repository holds only pickled weights (${pickle}), no model.safetensors; ` +
    'reftbench never loads pickle files (they can run code). Use a revision with safetensors weights (for many repositories the hub\'s ' +
    'conversion bot opened one: hf:<repo>@refs/pr/<n>), or convert the weights into a local folder and set source to it.',
  noWeights: (file: string, pointer: string, source: string) =>
    `${at(file, pointer, source)}: the repository has neither model.safetensors nor model.safetensors.index.json at this revision. ` +
    'Pick a repository or revision with safetensors weights, or set source to a local model folder.',
  badIndex: (file: string, pointer: string, source: string, problem: string) =>
    `${at(file, pointer, source)}: the repository's model.safetensors.index.json ${problem}. Pick another revision, or set source to a local model folder.`,
  configRefused: (file: string, pointer: string, source: string, problem: string) =>
    `${at(file, pointer, source)}: reftbench cannot run this model: ${problem}`,
  badDownload: (file: string, pointer: string, source: string, name: string, problem: string) =>
    `${at(file, pointer, source)}: the downloaded ${name} is not usable (${problem}). It was not kept; run again to download it again.`,
  archDisagrees: (file: string, pointer: string, source: string, configFile: string, differences: readonly string[]) =>
    `${at(file, pointer, source)}: the suite's architecture for this model differs from its config.json (${configFile}): ` +
    `${differences.join('; ')} (suite vs config.json). Fix the model's preset or arch in the suite so the plan counts what runs.`,
  waiting: (source: string, holder: string) => `${source}: another process (${holder}) is downloading it; waiting for it to finish…`,
  downloading: (source: string, name: string, size: string) => `${source}: downloading ${name}${size === '' ? '' : ` (${size})`}`,

  // --- reftbench prefetch ------------------------------------------------------------------------
  prefetchUsage: [
    'usage: reftbench prefetch <suite.json> [--data-dir DIR]',
    '',
    'Downloads every hub model (hf:<repo>@<revision>: config.json, tokenizer files, *.safetensors) and',
    'every hub dataset (glue/<task>) the suite names into the cache, and generates its tiny models, once.',
    'Run it where the hub is reachable (e.g. a cluster\'s login node); machines without internet then run',
    'the suite from the cache with HF_HUB_OFFLINE=1 and the same REFTBENCH_CACHE_DIR. Files already in the',
    'cache (or in the huggingface_hub cache, $HF_HUB_CACHE) are not downloaded again.',
    '',
    '  --data-dir DIR       GLUE-layout data folder (default $REFTBENCH_DATA_DIR); tasks found there need no download',
    '',
    'HF_ENDPOINT picks a mirror; HF_TOKEN is sent for gated or private repositories.',
  ].join('\n'),
  prefetchUnknownOption: (arg: string) => `reftbench prefetch: unknown option ${arg}. See \`reftbench help prefetch\` for the options.`,
  prefetchMissingValue: (option: string) => `reftbench prefetch: ${option} needs a value. See \`reftbench help prefetch\`.`,
  prefetchExtraArgument: (arg: string) => `reftbench prefetch: unexpected argument ${JSON.stringify(arg)}; give one suite file. See \`reftbench help prefetch\`.`,
  prefetchOffline: () =>
    'reftbench prefetch downloads from the hub, but offline mode is on (HF_HUB_OFFLINE or REFTBENCH_OFFLINE is set). ' +
    'Unset it and run prefetch on a machine that reaches the hub (HF_ENDPOINT picks a mirror).',
  prefetchModel: (id: string, source: string, origin: string, dir: string) => `model ${id} (${source}): ${origin} ${dir}`,
  prefetchTask: (id: string, source: string, origin: string) => `task ${id} (${source}): ${origin}`,
  prefetchDone: (models: number, tasks: number, cacheDir: string) =>
    `${models} model${models === 1 ? '' : 's'} and ${tasks} task${tasks === 1 ? '' : 's'} ready in ${cacheDir}. ` +
    'Machines without internet run this suite from there with HF_HUB_OFFLINE=1 and REFTBENCH_CACHE_DIR set to that folder.',
};
