/**
 * User-facing messages of the suite stage (`reftbench validate`, and every command that reads a suite).
 * A problem line names the file, line:column, the JSON pointer, what was expected and, where one
 * exists, a hint. Texts for single problems are built here; src/suite/ only picks which one.
 */

import { printable } from '../report/render/printable.ts';

const quote = (v: unknown): string => {
  const json = JSON.stringify(v);
  // Bidirectional controls and line separators (which JSON leaves raw) are shown as \uXXXX: a refused id must not reverse the terminal's text after it.
  const text = json === undefined ? json : printable(json);
  // A value pasted by mistake (a whole file, a megabyte string) is shown by its start, not in full.
  return text !== undefined && text.length > 100 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
};
const list = (values: readonly unknown[]): string => values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');
const mean = (suggestion: string | undefined): string => (suggestion === undefined ? '' : ` — did you mean "${suggestion}"?`);

/** What the report's comparisons are a product of (src/suite/seeds-warning.ts comparisonFactors). */
export interface ComparisonFactors {
  /** ReFT methods compared (report.baseline itself excluded). */
  reft: number;
  /** Baselines each is compared with: 1 when report.baseline is set. */
  against: number;
  baselineSet: boolean;
  /** Model × task pairs, and (model, task, budget level) cells: more cells than pairs when a task has a compute ladder. */
  pairs: number;
  cells: number;
}

/** The seeds warning's hint: what the comparisons multiply, and which of those factors could shrink. */
function fewerComparisons(comparisons: number, f: ComparisonFactors): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const baselines = f.baselineSet ? '1 baseline (report.baseline)' : n(f.against, 'baseline');
  const cells = f.cells > f.pairs ? `${n(f.cells, 'compute-ladder level')} over ${n(f.pairs, 'model × task pair')}` : n(f.pairs, 'model × task pair');
  const levers = [
    ...(f.cells > f.pairs ? ['fewer ladder levels'] : []),
    ...(!f.baselineSet && f.against > 1 ? ['report.baseline (one baseline instead of ' + f.against + ')'] : []),
    ...(f.reft > 1 ? ['fewer ReFT methods'] : []),
    ...(f.pairs > 1 ? ['fewer tasks or models'] : []),
  ];
  return `the ${comparisons} are ${n(f.reft, 'ReFT method')} × ${baselines} × ${cells}${levers.length === 0 ? '' : `; ${levers.join(', or ')} would cut them`}`;
}

export const suiteMessages = {
  // --- the validate command ----------------------------------------------------------------------
  validateUsage: [
    'usage: reftbench validate <suite.json>',
    '',
    'Checks a suite against schemas/suite.schema.json and the rules a schema cannot express (unique ids,',
    'references, one tuning budget, parameter budget, splits). Prints every problem with file:line:column',
    'and exits 2 if there is any; writes nothing.',
  ].join('\n'),
  seedsCannotBeSignificant: (seeds: number, smallestP: number, comparisons: number, floor: number, alpha: number, needed: number, factors: ComparisonFactors) =>
    `with ${seeds} seed${seeds === 1 ? '' : 's'} no comparison in the report can be significant: the sign-flip test over seeds cannot go below p = ${Number(smallestP.toPrecision(3))}${
      comparisons === 1 ? ` in the report's one ReFT-vs-baseline comparison` : `, and Holm's correction over the report's ${comparisons} ReFT-vs-baseline comparisons makes the smallest adjusted p ${Number(floor.toPrecision(3))}`
    }, not below ${alpha}; the report will say "cannot be significant with ${seeds} seeds". Use at least ${needed} seeds${comparisons === 1 ? '' : ` (or fewer comparisons: ${fewerComparisons(comparisons, factors)})`} for its tests to be able to decide.`,
  warning: (file: string, pointer: string, text: string) => `${file}: warning at ${printable(pointer)}: ${text}`,
  valid: (file: string, models: number, tasks: number, methods: number) =>
    `${file}: valid suite (${models} model${models === 1 ? '' : 's'}, ${tasks} task${tasks === 1 ? '' : 's'}, ${methods} method${methods === 1 ? '' : 's'}).`,
  unknownOption: (command: string, option: string) =>
    `\`reftbench ${command}\` does not take "${option}". Run \`reftbench help ${command}\` for usage.`,
  extraArgument: (command: string, arg: string) =>
    `\`reftbench ${command}\` takes one suite file; "${arg}" is extra. Run \`reftbench help ${command}\` for usage.`,

  // --- the file ----------------------------------------------------------------------------------
  unreadable: (file: string, reason: string) => `${file}: cannot read the suite file (${reason}). Check the path.`,
  invalidJson: (file: string, line: number, column: number, problem: string) =>
    `${file}:${line}:${column}: invalid JSON (${problem}). Fix the syntax at that position (suites are plain JSON: no comments, no trailing commas).`,
  /** jsonc-parser's error codes in words. */
  jsonProblem: (code: string) =>
    ({
      InvalidSymbol: 'an unexpected character',
      InvalidNumberFormat: 'a malformed number',
      PropertyNameExpected: 'a property name in double quotes was expected',
      ValueExpected: 'a value was expected (a trailing comma?)',
      ColonExpected: 'a colon was expected',
      CommaExpected: 'a comma was expected',
      CloseBraceExpected: 'a closing } was expected',
      CloseBracketExpected: 'a closing ] was expected',
      EndOfFileExpected: 'the file should end here',
      InvalidCommentToken: 'comments are not allowed',
      UnexpectedEndOfComment: 'comments are not allowed',
      UnexpectedEndOfString: 'a string is not closed',
      UnexpectedEndOfNumber: 'a number is cut off',
      InvalidUnicode: 'an invalid \\u escape',
      InvalidEscapeCharacter: 'an invalid escape character',
      InvalidCharacter: 'an invalid character in a string',
      NestingTooDeep: 'lists and objects nested more than 100 levels deep here; a suite needs fewer than 10',
    })[code] ?? code,
  duplicateKeys: (file: string, count: number) =>
    `${file}: ${count === 1 ? 'a key is' : `${count} keys are`} repeated within one object; JSON would keep only the last value and silently ignore the earlier one:`,
  duplicateKey: (key: string, firstLine: number, firstColumn: number) =>
    `"${printable(key)}" appears again in this object (first at ${firstLine}:${firstColumn}); remove one of them.`,
  header: (file: string, count: number) =>
    `${file} is not a valid suite (${count} problem${count === 1 ? '' : 's'}; the schema is schemas/suite.schema.json):`,
  problemLine: (file: string, line: number, column: number, pointer: string, text: string) =>
    `  ${file}:${line}:${column} ${pointer === '' ? '(top level)' : printable(pointer)}: ${text}`,
  numberNotFinite: () => 'this number is too large to be a number (it reads as infinity); write a finite value.',
  /** A local model source naming no folder, with the fix for the model it names (by the folder's name). */
  modelDirMissing: (dir: string, tinyKind: string) => {
    const name = dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir;
    const fix =
      name === 'all-MiniLM-L6-v2'
        ? 'Run `npm run setup:models` (it installs all-MiniLM-L6-v2 into .cache/models/ of the reftbench checkout), or set source to where the model is.'
        : name === 'stories260K'
          ? 'Run `npm run setup:stories` (it converts stories260K into .cache/models/ of the reftbench checkout, from the llama2.c files named in README.md), or set source to where the model is.'
          : /tiny/i.test(name)
            ? `Write it with \`reftbench model tiny ${tinyKind} ${dir}\`, or use source "tiny:${tinyKind}@0" (with arch) to have it generated.`
            : 'Set source to a folder holding config.json, model.safetensors and tokenizer.json: download the model ' +
              `(e.g. \`huggingface-cli download <org>/<name> --local-dir ${dir}\`), or write a tiny random one (\`reftbench model tiny ${tinyKind} ${dir}\`).`;
    return `no model directory at ${dir}. ${fix}`;
  },

  // --- schema problems ---------------------------------------------------------------------------
  wrongType: (expected: string, actual: string) => `expected ${expected}, found ${actual}.`,
  notOneOf: (value: unknown, allowed: readonly unknown[], suggestion: string | undefined) =>
    `${quote(value)} is not allowed here; expected one of ${list(allowed)}${mean(suggestion)}`,
  unknownMethodKind: (value: unknown, kinds: readonly string[], suggestion: string | undefined) =>
    suggestion === undefined
      ? `unknown method kind ${quote(value)}; the kinds are ${list(kinds)}.`
      : `unknown method kind ${quote(value)}${mean(suggestion)}`,
  unknownField: (name: string, allowed: readonly string[], suggestion: string | undefined) =>
    suggestion === undefined
      ? `unknown field "${printable(name)}"; allowed here: ${list(allowed)}.`
      : `unknown field "${printable(name)}"${mean(suggestion)}`,
  missingField: (name: string) => `missing required field "${name}".`,
  badPattern: (value: unknown, description: string | undefined) =>
    `${quote(value)} is not in the expected form${description === undefined ? '.' : `: ${description}`}`,
  tooSmall: (value: unknown, limit: number, exclusive: boolean) =>
    `${quote(value)} is too small; it must be ${exclusive ? 'greater than' : 'at least'} ${limit}.`,
  tooLarge: (value: unknown, limit: number, exclusive: boolean) =>
    `${quote(value)} is too large; it must be ${exclusive ? 'less than' : 'at most'} ${limit}.`,
  tooFewItems: (limit: number) => `the list needs at least ${limit} item${limit === 1 ? '' : 's'}.`,
  tooManyItems: (limit: number) => `the list may have at most ${limit} items.`,
  duplicateItems: (i: number, j: number) => `items ${Math.min(i, j)} and ${Math.max(i, j)} are the same; list each value once.`,
  mustEqual: (value: unknown) => `must be ${quote(value)}.`,
  emptyString: () => 'must not be empty.',
  selectOnTest: () =>
    'selecting on test is not allowed: tuning.select.split must be "dev". Test data only scores the final runs; carve a dev set in each task\'s split.dev.',
  devFromTest: () =>
    'dev cannot come from the test split: selection would see test data. Carve dev from "train" or "validation" (e.g. {"of": "train", "size": 1000}).',
  schemaPointer: (value: unknown) => `"$schema" is ${quote(value)}; suites start with "$schema": "../schemas/suite.schema.json".`,

  // --- semantic problems -------------------------------------------------------------------------
  duplicateId: (what: string, id: string, firstPointer: string) => `duplicate ${what} id "${id}" (first used at ${firstPointer}); ids must be unique.`,
  unknownMethodRef: (id: string, known: readonly string[], suggestion: string | undefined) =>
    `refers to method "${id}", which is not in this suite's methods (${list(known)})${suggestion === undefined ? '.' : mean(suggestion)}`,
  unknownTrialsMethod: (id: string, known: readonly string[], suggestion: string | undefined) =>
    `tuning.perMethod names method "${id}", which is not in this suite (${list(known)})${suggestion === undefined ? '.' : mean(suggestion)}`,
  tuningBudgetDiffers: (id: string, trials: number, expected: number) =>
    `method "${id}" gets ${trials} trials but the suite's tuning.trials is ${expected}; every method must get the same tuning budget. Remove the override or set it to ${expected}.`,
  hparamNotForKind: (name: string, kind: string, allowed: readonly string[]) =>
    `"${name}" does not apply to method kind "${kind}"; it takes ${allowed.length === 0 ? 'no method hyperparameters (only lr, weightDecay, warmupRatio, batchSize, schedule)' : list(allowed)} plus the training ones (lr, weightDecay, warmupRatio, batchSize, schedule).`,
  layerOutOfRange: (selection: string, layer: number, model: string, numLayers: number) =>
    `layer ${layer} in "${selection}" does not exist in model "${model}", which has ${numLayers} blocks (0–${numLayers - 1}).`,
  tooManyLayers: (selection: string, wanted: number, model: string, numLayers: number) =>
    `"${selection}" asks for ${wanted} blocks but model "${model}" has ${numLayers}.`,
  targetMissing: (target: string, model: string, available: readonly string[]) =>
    `model "${model}" has no "${target}" linear layer; its blocks have ${list(available)}.`,
  rankTooLarge: (rank: number, max: number, model: string) =>
    `rank ${rank} is larger than model "${model}"'s hidden size ${max}; R needs r ≤ d orthonormal rows. Use a smaller rank.`,
  smallestOverBudget: (method: string, model: string, smallest: number, budget: number, budgetText: string) =>
    `method "${method}" needs at least ${smallest.toLocaleString('en-US')} trainable parameters on model "${model}" (its smallest configuration), above the parameter budget of ${budget.toLocaleString('en-US')} (${budgetText}). Shrink its search space (rank, layers, targets) or raise budget.params.`,
  trainsNothing: (method: string, model: string) =>
    `method "${method}" would train no parameters on model "${model}" (it has no bias terms); drop the method or the model.`,
  paramBudgetEmpty: () => 'budget.params needs "maxCount" or "maxPercent".',
  computeNeedsOne: () =>
    'give the compute rule exactly one of "amount" (e.g. {"rule": "flops", "amount": 1e15}), "amounts" (a ladder, e.g. {"rule": "steps", "amounts": [25, 50, 100]}) or "match" (e.g. {"rule": "flops", "match": {"method": "lora", "rule": "epochs", "amount": 3}}).',
  matchNeedsOne: () =>
    'give "match" exactly one of "amount" (e.g. {"method": "lora", "rule": "steps", "amount": 100}) or "amounts" (a ladder, e.g. {"method": "lora", "rule": "steps", "amounts": [25, 50, 100, 200]}).',
  ladderNotAscending: (amounts: readonly number[]) =>
    `a compute ladder must list its amounts in ascending order, each larger than the one before (got [${amounts.join(', ')}]); sort them.`,
  secondsCannotMatch: () =>
    'a seconds rule cannot match another method: seconds are measured, not planned. Use {"rule": "seconds", "amount": N} or match under "flops".',
  notWhole: (value: number, what: string) => `${value} ${what} is not a whole number; use an integer.`,
  epochsNeedSize: (task: string) =>
    `the compute rule counts epochs but task "${task}" does not say how many training examples it has; set "examples": {"train": N} on the task.`,
  numLabelsMissing: (task: string) => `classification task "${task}" needs "numLabels" (the number of classes, at least 2).`,
  numLabelsForbidden: (task: string, type: string) => `task "${task}" is ${type}; "numLabels" only applies to classification. Remove it.`,
  metricDirection: (name: string, expected: string) =>
    `metric "${name}" is better when ${expected === 'max' ? 'higher' : 'lower'}; its direction must be "${expected}".`,
  selectMetricMissing: (metric: string, task: string, metrics: readonly string[]) =>
    `tuning selects on "${metric}" but task "${task}" reports ${list(metrics)}; add "${metric}" to its metrics or select on one it reports.`,
  splitOverlap: (a: string, b: string, of: string) =>
    `${a} and ${b} both take all of the "${of}" split, so they would overlap; carve one of them with "size" or "fraction".`,
  devTakesAllTrain: () =>
    'dev takes all of "train", leaving nothing to train on; carve it with "size" or "fraction" (e.g. {"of": "train", "size": 1000}).',
  sizeAndFraction: () => 'give "size" or "fraction", not both.',
  carveTooLarge: (role: string, size: number, of: string, available: number) =>
    `${role} carves ${size} examples from "${of}", which has only ${available}; use a smaller size.`,
  rangeReversed: (min: number, max: number) => `range min ${min} is above max ${max}; swap them.`,
  logRangeNonPositive: (min: number) => `a log-scale range needs min > 0 (found ${min}); use a linear scale or a positive min.`,
  gridNeedsPoints: () => 'grid search needs "gridPoints" on every range (how many points to take from it), or list the values instead.',
  gridTooLarge: (method: string, points: number, trials: number) =>
    `method "${method}" has ${points} grid points but every method gets ${trials} trials; shrink its grid to at most ${trials} points or raise tuning.trials.`,
  valueOutsideBounds: (name: string, value: number, lo: number, hi: number) =>
    hi === Infinity ? `${name} ${value} must be at least ${lo}.` : `${name} ${value} is outside ${lo}–${hi}.`,
  notInteger: (name: string, value: number) => `${name} ${value} must be a whole number.`,
  notPositive: (name: string, value: number) => `${name} ${value} must be greater than 0.`,
  unknownPreset: (name: string, presets: readonly string[], suggestion: string | undefined) =>
    suggestion === undefined ? `unknown preset "${name}"; presets are ${list(presets)}.` : `unknown preset "${name}"${mean(suggestion)}`,
  archIncomplete: (model: string, missing: readonly string[]) =>
    `model "${model}" has no complete architecture: ${list(missing)} missing. Give "preset" (one of src/models/presets.ts) or the missing fields in "arch".`,
  hubNeedsPreset: (model: string, repo: string) =>
    `model "${model}" comes from the hub repo "${repo}", which has no built-in preset; add "preset" (or a full "arch") so it can be planned without downloading.`,
  headsDoNotDivide: (model: string, hidden: number, heads: number, kvHeads: number) =>
    `model "${model}": hiddenSize ${hidden} must be a multiple of numHeads ${heads}, and numHeads a multiple of numKvHeads ${kvHeads}; fix "arch".`,
  archTooLarge: (model: string, weightBytes: number, activationBytes: number, tokens: number, limit: number) => {
    const gib = (b: number) => `${(b / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
    return `model "${model}" needs at least ${gib(weightBytes + activationBytes)} to train (${gib(weightBytes)} of float32 weights and ${gib(activationBytes)} of activations for one sequence of ${tokens} tokens), more than this machine's ${gib(limit)} of memory; make its "arch" smaller (hiddenSize, numLayers, intermediateSize, vocabSize) or its tasks' maxLength shorter.`;
  },
  sequenceTooLong: (task: string, maxLength: number, model: string, positions: number) =>
    `task "${task}" allows ${maxLength} tokens but encoder "${model}" has only ${positions} positions; lower "maxLength" to at most ${positions}.`,
  generationTooLong: (task: string, maxNewTokens: number, maxLength: number) =>
    `task "${task}" generates up to ${maxNewTokens} new tokens, but its sequences hold only ${maxLength} tokens, which leaves no room for the prompt; lower "maxNewTokens" below ${maxLength} (prompt and answer must fit in maxLength together) or raise "maxLength".`,
  decoderHiddenDropout: (model: string, p: number) =>
    `training.dropout.hidden is ${p}, but model "${model}" is a decoder and LLaMA blocks have no hidden dropout (only encoders do); set it to 0 or leave it out, or run decoders in a suite of their own.`,
  presetDisagreesWithDir: (model: string, preset: string, differences: readonly string[]) =>
    `model "${model}": preset "${preset}" disagrees with the model directory's config.json (preset vs config: ${differences.join(', ')}); remove "preset" (a local directory's config.json gives the architecture) or point "source" at the model the preset describes.`,
  familyMismatch: (model: string, declared: string, arch: string) =>
    `model "${model}" is declared ${declared} but its architecture is ${arch}; fix "family".`,
  noTaskForModel: (model: string, family: string) =>
    `model "${model}" (${family}) fits none of the tasks: encoders take classification/regression tasks, decoders causal_lm tasks.`,
  noModelForTask: (task: string, type: string) =>
    `task "${task}" (${type}) fits none of the models: classification/regression tasks need an encoder, causal_lm tasks a decoder.`,
  unknownGenerator: (name: string, known: readonly string[], suggestion: string | undefined) =>
    suggestion === undefined
      ? `unknown synthetic generator "${name}"; the generators are ${list(known)}.`
      : `unknown synthetic generator "${name}"${mean(suggestion)}`,
  sourceKindMismatch: (task: string, source: string, declared: string, actual: string) =>
    `task "${task}" is declared ${declared} but ${source} is a ${actual} task; set "type": "${actual}".`,
  sourceLabelsMismatch: (task: string, source: string, declared: number, actual: number) =>
    `task "${task}" declares ${declared} labels but ${source} has ${actual}; set "numLabels": ${actual}.`,
  sourceLacksSplit: (task: string, source: string, split: string, available: readonly string[]) =>
    `task "${task}" reads the "${split}" split, but ${source} ships only ${list(available)}; carve test from "validation" or "train" instead.`,
  baselineUnknown: (id: string, known: readonly string[], suggestion: string | undefined) =>
    `report.baseline "${id}" is not a method of this suite (${list(known)})${suggestion === undefined ? '.' : mean(suggestion)}`,
};
