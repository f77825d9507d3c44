/**
 * Checks a suite's optional `executor` block (schemas/suite.schema.json, ExecutorSettings) for what
 * its schema cannot say: a block holds the settings of its own kind only (jobs and gpus for local,
 * the default; partition, gres, time, account, sbatchArgs and maxParallel for slurm), jobs may
 * not exceed the GPUs gpus lists, gpus names each GPU once, and gpus (torch workers) is refused in a
 * suite whose backend is ort. (Whether GPUs are visible is checked by `run`, which names this block.) Where the block's settings meet the command line's is
 * src/run/executors/executor-choice.ts.
 */
import type { Suite } from '../types/suite.ts';
import { executorMessages as msg } from '../messages/executors.ts';
import type { SuiteIssue } from './issue.ts';

export const LOCAL_FIELDS = ['jobs', 'gpus'] as const;
export const SLURM_FIELDS = ['partition', 'gres', 'time', 'account', 'sbatchArgs', 'maxParallel'] as const;

export function checkExecutorBlock(suite: Suite): SuiteIssue[] {
  const block = suite.executor;
  if (block === undefined) return [];
  const issues: SuiteIssue[] = [];
  if (block.kind === 'slurm') {
    for (const field of LOCAL_FIELDS) if (block[field] !== undefined) issues.push({ pointer: `/executor/${field}`, text: msg.blockLocalField(field), atKey: true });
    return issues;
  }
  for (const field of SLURM_FIELDS) if (block[field] !== undefined) issues.push({ pointer: `/executor/${field}`, text: msg.blockSlurmField(field, block.kind), atKey: true });
  if (block.gpus !== undefined && suite.backend?.prefer === 'ort') issues.push({ pointer: '/executor/gpus', text: msg.blockGpusOnOrt() });
  if (block.gpus !== undefined && block.gpus !== 'all') {
    const gpus = block.gpus.split(',');
    const twice = gpus.find((id, i) => gpus.indexOf(id) !== i);
    if (twice !== undefined) issues.push({ pointer: '/executor/gpus', text: msg.blockGpuTwice(twice) });
    if (block.jobs !== undefined && block.jobs > gpus.length) issues.push({ pointer: '/executor/jobs', text: msg.blockJobsOverGpus(block.jobs, gpus) });
  }
  return issues;
}
