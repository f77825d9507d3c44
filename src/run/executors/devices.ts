/**
 * The GPUs this machine offers the local executor, and the `--gpus` choice among them. The devices
 * come from CUDA_VISIBLE_DEVICES when it is set (its entries as given: indices or GPU UUIDs; set but
 * empty means none), else from `nvidia-smi -L` (the indices it lists), else none. `--gpus all` takes
 * every one, `--gpus 0,2` the ones named (each must be among them). The value may come from the
 * suite's executor block instead of --gpus: then a refusal names its place in the suite file.
 */
import { execFileSync } from 'node:child_process';
import { UserError } from '../../errors.ts';
import { executorMessages, runMessages } from '../../messages/index.ts';

/** The device ids `nvidia-smi -L` lists ("GPU 0: NVIDIA H100 (UUID: …)" → "0"). */
export function parseNvidiaSmiList(text: string): string[] {
  const ids: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^GPU (\d+):/.exec(line.trim());
    if (match !== null) ids.push(match[1]!);
  }
  return ids;
}

function nvidiaSmiList(): string {
  try {
    return execFileSync('nvidia-smi', ['-L'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString();
  } catch {
    return '';
  }
}

/** The GPUs visible here, as the ids a worker's CUDA_VISIBLE_DEVICES takes. */
export function visibleGpus(env: NodeJS.ProcessEnv, listGpus: () => string = nvidiaSmiList): string[] {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined) return visible.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== '-1');
  return parseNvidiaSmiList(listGpus());
}

/**
 * The GPUs `--gpus VALUE` names among `available` (`all`, or a comma-separated list of ids).
 * `suitePlace`: the value is the suite's "gpus", at this place ("file:line:col /executor/gpus").
 */
export function chooseGpus(value: string, available: readonly string[], command: string, suitePlace?: string): string[] {
  if (available.length === 0) throw new UserError(suitePlace === undefined ? executorMessages.noGpus(command, value) : executorMessages.suiteNoGpus(command, suitePlace, value));
  if (value.trim() === 'all') return [...available];
  const named = value.split(',').map((s) => s.trim());
  if (named.some((s) => s === '')) throw new UserError(runMessages.badOptionValue(command, '--gpus', value, '`all` or GPU ids separated by commas, e.g. 0,2'));
  const seen = new Set<string>();
  for (const id of named) {
    if (!available.includes(id)) throw new UserError(suitePlace === undefined ? executorMessages.unknownGpu(command, id, available) : executorMessages.suiteUnknownGpu(command, suitePlace, id, available));
    if (seen.has(id)) throw new UserError(runMessages.badOptionValue(command, '--gpus', value, 'each GPU once'));
    seen.add(id);
  }
  return named;
}
