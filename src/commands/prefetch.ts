/**
 * `reftbench prefetch <suite.json> [--data-dir DIR]`: gets everything a suite reads from the network
 * into the cache once — its hub models (src/models/hub-model.ts, the same code a run uses) and its
 * hub datasets (GLUE parquet files, src/data/glue-source.ts) — and generates its tiny models, so
 * machines without internet (a cluster's compute nodes) run the suite from the cache with
 * HF_HUB_OFFLINE=1. Local model folders and task files are checked as a run would check them.
 */
import { dirname, resolve } from 'node:path';
import { loadTaskSources } from '../data/task-sources.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { UserError } from '../errors.ts';
import { cliMessages, hubMessages } from '../messages/index.ts';
import { ensureHubModelDir } from '../models/hub-model.ts';
import { prepareModel } from '../run/prepare-inputs.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { parseModelSource } from '../suite/resolve-arch.ts';
import type { Command } from './command.ts';
import { parseCommandLine, stringOption } from './parse-command-line.ts';

function parseArgs(args: readonly string[]): { suite: string; dataDir?: string } {
  const line = parseCommandLine(args, { 'data-dir': { type: 'string' } }, {
    command: 'prefetch',
    unknownOption: (arg) => hubMessages.prefetchUnknownOption(arg),
    missingValue: (option) => hubMessages.prefetchMissingValue(option),
  });
  const [suite, extra] = line.positionals;
  if (extra !== undefined) throw new UserError(hubMessages.prefetchExtraArgument(extra));
  if (suite === undefined) throw new UserError(cliMessages.missingArgument('prefetch', 'a suite file (e.g. suites/glue.json)'));
  const dataDir = stringOption(line, 'data-dir');
  return dataDir === undefined ? { suite } : { suite, dataDir };
}

/** How a model source was made ready, for the summary line. */
const modelOrigin = { cache: 'already in the cache:', 'huggingface_hub cache': 'found in the huggingface_hub cache:', downloaded: 'downloaded to' } as const;

export const prefetchCommand: Command = {
  name: 'prefetch',
  usage: hubMessages.prefetchUsage,
  async run(args, io) {
    const options = parseArgs(args);
    const loaded = loadSuite(options.suite, io.cwd);
    const where = resolveDataLocations(io.env, io.cwd, options.dataDir);
    if (where.offline) throw new UserError(hubMessages.prefetchOffline());
    const log = (line: string) => io.err(line);

    for (const [i, model] of loaded.suite.models.entries()) {
      const source = parseModelSource(model.source);
      let origin: string = source.kind === 'tiny' ? 'generated in' : 'local folder';
      if (source.kind === 'hub') {
        // Seen before the download so the summary says where the files came from.
        origin = modelOrigin[(await ensureHubModelDir(source.repo, source.revision, where, { file: loaded.file, pointer: `/models/${i}/source`, source: model.source }, log)).origin];
      }
      // The run's own preparation: the architecture check of a hub model, the tiny model's generation, a local folder's check.
      const prepared = await prepareModel(loaded, model, i, where, log);
      io.out(hubMessages.prefetchModel(model.id, model.source, origin, prepared.dir));
    }

    const baseDir = dirname(resolve(io.cwd, options.suite));
    for (const task of loaded.suite.tasks) {
      await loadTaskSources(task, where, baseDir);
      const origin = task.source.startsWith('glue/') ? 'ready (data folder or cache)' : task.source.startsWith('synthetic:') ? 'generated when it runs' : 'local files, checked';
      io.out(hubMessages.prefetchTask(task.id, task.source, origin));
    }
    io.out(hubMessages.prefetchDone(loaded.suite.models.length, loaded.suite.tasks.length, where.cacheDir));
    return 0;
  },
};
