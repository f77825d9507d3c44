/**
 * The suite and protocol a report is about: every result in a directory must come from the same
 * suite (name and hash) under the same protocol; the first difference is a UserError naming both
 * files. Also states the protocol in words for the README.
 */
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import type { Protocol } from '../types/result.ts';
import type { LoadedResult } from './load-results.ts';
import { stableStringify } from './stable-json.ts';

export interface SuiteIdentity {
  name: string;
  hash: string;
  protocol: Protocol;
}

export function commonSuite(loaded: readonly LoadedResult[]): SuiteIdentity {
  const first = loaded[0]!;
  const reference = {
    'suite name': first.result.spec.suite.name,
    'suite hash': first.result.spec.suite.hash,
    protocol: stableStringify(first.result.protocol),
  };
  for (const item of loaded.slice(1)) {
    const values = {
      'suite name': item.result.spec.suite.name,
      'suite hash': item.result.spec.suite.hash,
      protocol: stableStringify(item.result.protocol),
    };
    for (const field of Object.keys(reference) as (keyof typeof reference)[]) {
      if (values[field] !== reference[field]) {
        const show = (v: string) => (field === 'protocol' ? v.replace(/\s+/g, ' ').trim() : JSON.stringify(v));
        throw new UserError(reportMessages.mixedSuites(field, first.file, show(reference[field]), item.file, show(values[field])));
      }
    }
  }
  return { name: first.result.spec.suite.name, hash: first.result.spec.suite.hash, protocol: first.result.protocol };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The protocol in words, one sentence per rule. */
export function protocolText(protocol: Protocol): string[] {
  const c = protocol.compute;
  const compute = c.referenceMethod
    ? `Compute is matched by ${c.rule}: every method gets the ${c.rule} that ${c.referenceMethod} spends in ${c.amount} ${c.referenceRule ?? 'epochs'}.`
    : `Compute is matched by ${c.rule}: every method gets ${c.amount} ${c.rule}.`;
  const t = protocol.tuning;
  const tuning = `Every method gets the same tuning budget: ${plural(t.trialsPerMethod, 'trial')} drawn by ${t.strategy === 'grid' ? 'grid search' : 'seeded random search'}${t.samplerSeed === undefined ? '' : ` (sampler seed ${t.samplerSeed})`}, selected on the ${t.selectionSplit} split by ${t.selectionMetric}; test data is never used for selection.`;
  const split = `Splits: train = ${protocol.split.train}; dev = ${protocol.split.dev}; test = ${protocol.split.test}.`;
  const seeds = `The selected configuration is rerun with ${plural(protocol.seeds.length, 'seed')} (${protocol.seeds.join(', ')}) and scored on test once per seed.`;
  const budget = protocol.parameterBudget ? [`Parameter budget: ${protocol.parameterBudget}.`] : [];
  return [compute, tuning, split, seeds, ...budget];
}
