/**
 * The eight GLUE tasks reftbench runs, one row each: where their columns sit in the GLUE TSV files
 * and in the Hugging Face hub's parquet files, and what their labels are called.
 * Label indices follow the hub's `nyu-mll/glue` dataset, so both sources give the same numbers.
 */

export type GlueTaskName = 'sst2' | 'mrpc' | 'cola' | 'stsb' | 'qnli' | 'qqp' | 'rte' | 'mnli';

/** The two labelled GLUE splits. `validation` is GLUE's dev set (MNLI: dev matched). */
export type GlueSplit = 'train' | 'validation';

/** Columns of a TSV file with a header row, found by name. */
export interface HeaderColumns {
  header: true;
  text: string;
  textPair?: string;
  label: string;
}

/** Columns of a TSV file without a header row (CoLA), found by position. */
export interface PositionalColumns {
  header: false;
  columnCount: number;
  text: number;
  label: number;
}

export interface GlueTaskDef {
  name: GlueTaskName;
  /** Folder under `<data-dir>/glue/`, as in the GLUE download script. */
  dir: string;
  kind: 'classification' | 'regression';
  /** Class names in index order (classification only); a TSV label may be the name or the index. */
  labelNames: readonly string[];
  /** Inclusive score range (regression only). */
  scoreRange?: readonly [number, number];
  tsv: HeaderColumns | PositionalColumns;
  /** TSV file of each split inside the task folder; the first one found is used. */
  files: Record<GlueSplit, readonly string[]>;
  /** The hub's parquet layout: config folder, column names, and file stem of each split. */
  hub: { config: string; text: string; textPair?: string; label: string; files: Record<GlueSplit, string> };
}

const entailment = ['entailment', 'not_entailment'] as const;
const hubFiles = (validation: string): Record<GlueSplit, string> => ({
  train: 'train-00000-of-00001.parquet',
  validation: `${validation}-00000-of-00001.parquet`,
});
const tsvFiles = (dev: readonly string[]): Record<GlueSplit, readonly string[]> => ({ train: ['train.tsv'], validation: dev });

export const glueTasks: Record<GlueTaskName, GlueTaskDef> = {
  sst2: {
    name: 'sst2', dir: 'SST-2', kind: 'classification', labelNames: ['negative', 'positive'],
    tsv: { header: true, text: 'sentence', label: 'label' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'sst2', text: 'sentence', label: 'label', files: hubFiles('validation') },
  },
  mrpc: {
    name: 'mrpc', dir: 'MRPC', kind: 'classification', labelNames: ['not_equivalent', 'equivalent'],
    tsv: { header: true, text: '#1 String', textPair: '#2 String', label: 'Quality' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'mrpc', text: 'sentence1', textPair: 'sentence2', label: 'label', files: hubFiles('validation') },
  },
  cola: {
    name: 'cola', dir: 'CoLA', kind: 'classification', labelNames: ['unacceptable', 'acceptable'],
    tsv: { header: false, columnCount: 4, text: 3, label: 1 }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'cola', text: 'sentence', label: 'label', files: hubFiles('validation') },
  },
  stsb: {
    name: 'stsb', dir: 'STS-B', kind: 'regression', labelNames: [], scoreRange: [0, 5],
    tsv: { header: true, text: 'sentence1', textPair: 'sentence2', label: 'score' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'stsb', text: 'sentence1', textPair: 'sentence2', label: 'label', files: hubFiles('validation') },
  },
  qnli: {
    name: 'qnli', dir: 'QNLI', kind: 'classification', labelNames: entailment,
    tsv: { header: true, text: 'question', textPair: 'sentence', label: 'label' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'qnli', text: 'question', textPair: 'sentence', label: 'label', files: hubFiles('validation') },
  },
  qqp: {
    name: 'qqp', dir: 'QQP', kind: 'classification', labelNames: ['not_duplicate', 'duplicate'],
    tsv: { header: true, text: 'question1', textPair: 'question2', label: 'is_duplicate' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'qqp', text: 'question1', textPair: 'question2', label: 'label', files: hubFiles('validation') },
  },
  rte: {
    name: 'rte', dir: 'RTE', kind: 'classification', labelNames: entailment,
    tsv: { header: true, text: 'sentence1', textPair: 'sentence2', label: 'label' }, files: tsvFiles(['dev.tsv']),
    hub: { config: 'rte', text: 'sentence1', textPair: 'sentence2', label: 'label', files: hubFiles('validation') },
  },
  mnli: {
    name: 'mnli', dir: 'MNLI', kind: 'classification', labelNames: ['entailment', 'neutral', 'contradiction'],
    tsv: { header: true, text: 'sentence1', textPair: 'sentence2', label: 'gold_label' },
    files: tsvFiles(['dev_matched.tsv', 'dev.tsv']),
    hub: { config: 'mnli', text: 'premise', textPair: 'hypothesis', label: 'label', files: hubFiles('validation_matched') },
  },
};

/** Every spelling a suite may use for a task ("SST-2", "sst2", "STS-B", "MNLI-m", ...), normalised. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^glue/, '').replace(/^mnli(m|matched)$/, 'mnli');
}

/** The GLUE task a suite names, or undefined when it is not one of the eight. */
export function findGlueTask(name: string): GlueTaskDef | undefined {
  const key = normaliseName(name);
  return (Object.values(glueTasks) as GlueTaskDef[]).find((t) => t.name === key);
}

export const glueTaskNames = Object.keys(glueTasks) as GlueTaskName[];
