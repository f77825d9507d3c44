/**
 * User-facing messages of the data stage: loading tasks, splitting them, tokenizing and caching.
 * Each message names the file (and the line or field in it when there is one) and what to do.
 */
const where = (file: string, line?: number) => (line === undefined ? file : `${file}:${line}`);

export const dataMessages = {
  usage: [
    'usage: reftbench data [TASK ...] [--data-dir DIR]',
    '',
    'Loads GLUE tasks (sst2, mrpc, cola, stsb, qnli, qqp, rte, mnli; or glue/<task>) the way a suite does:',
    'from the data directory (--data-dir, else REFTBENCH_DATA_DIR), the cache, then the Hugging Face hub,',
    'and prints each split\'s size, label counts and where it came from. Without TASK: each split file of',
    'those tasks that the data directory holds (other folders, e.g. WNLI, are not read). Bad data stops',
    'with one message naming the file and line',
    '(exit code 2).',
  ].join('\n'),
  unknownOption: (option: string) => `reftbench data: unknown option ${option}. See \`reftbench help data\`.`,
  missingOptionValue: (option: string) => `reftbench data: ${option} needs a value. See \`reftbench help data\`.`,
  noTasksFound: (dataDir: string | undefined) =>
    `reftbench data: ${dataDir === undefined ? 'no data directory is set (REFTBENCH_DATA_DIR or --data-dir)' : `no GLUE split files found under ${dataDir}/glue/`}. Set REFTBENCH_DATA_DIR (or --data-dir) to a folder holding glue/<TASK>/{train,dev}.tsv, or name the tasks to fetch from the hub.`,
  /** One line per split, each column as wide as its longest value, so long label names do not shift the columns after them. */
  splitTable: (rows: readonly { task: string; split: string; rows: number; labels: string; origin: string; file: string }[]): string[] => {
    const width = (f: (r: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((r) => f(r).length));
    const [task, split, count, labels] = [width((r) => r.task), width((r) => r.split), width((r) => String(r.rows)), width((r) => r.labels)];
    return rows.map((r) => `${r.task.padEnd(task)}  ${r.split.padEnd(split)}  ${String(r.rows).padStart(count)} rows  ${r.labels.padEnd(labels)}  ${r.origin}: ${r.file}`);
  },
  unreadableFile: (file: string, reason: string) =>
    `${file}: cannot read this data file (${reason}). Check that it exists and is readable, or point --data-dir / REFTBENCH_DATA_DIR elsewhere.`,
  notUtf8: (file: string, line: number) =>
    `${where(file, line)}: this line is not valid UTF-8. Re-save the file as UTF-8.`,
  missingHeaderColumn: (file: string, column: string, found: readonly string[]) =>
    `${where(file, 1)}: the header has no "${column}" column (found: ${found.map((c) => `"${c}"`).join(', ')}). Use the standard GLUE TSV file for this task.`,
  wrongFieldCount: (file: string, line: number, found: number, expected: number) =>
    `${where(file, line)}: this row has ${found} tab-separated fields, expected ${expected}. A tab or line break inside a text field, or a truncated row? Fix or remove the row.`,
  labelOutOfRange: (file: string, line: number, value: string, labelNames: readonly string[]) =>
    `${where(file, line)}: label "${value}" is not one of ${labelNames.map((n, i) => `${i} (${n})`).join(', ')}. Fix the label of this row.`,
  badScore: (file: string, line: number, value: string, range: readonly [number, number]) =>
    `${where(file, line)}: score "${value}" is not a number in [${range[0]}, ${range[1]}]. Fix the score of this row.`,
  emptySplit: (file: string) =>
    `${file}: this split has no examples. Use a file with at least one data row.`,
  unknownGlueTask: (name: string, known: readonly string[]) =>
    `unknown GLUE task "${name}". Known tasks: ${known.join(', ')}.`,
  glueDataMissing: (task: string, split: string, tried: readonly string[], hubReason: string) =>
    `GLUE task ${task} (${split}) is not available. Looked for: ${tried.join('; ')}. The Hugging Face hub could not be used: ${hubReason}. ` +
    `Set REFTBENCH_DATA_DIR (or --data-dir) to a folder holding glue/<TASK>/{train,dev}.tsv, or go online (unset HF_HUB_OFFLINE; HF_ENDPOINT picks a mirror); on a machine without internet, run \`reftbench prefetch <suite>\` where the hub is reachable first, with the same REFTBENCH_CACHE_DIR.`,
  hubOffline: () => 'offline mode is on (HF_HUB_OFFLINE or REFTBENCH_OFFLINE is set)',
  hubDownloadFailed: (url: string, reason: string) => `download of ${url} failed (${reason})`,
  hubMissingColumn: (file: string, column: string, found: readonly string[]) =>
    `${file}: the parquet file has no "${column}" column (found: ${found.join(', ')}). Delete it from the cache and retry, or set --data-dir.`,
  badParquet: (file: string, reason: string) =>
    `${file}: not a readable parquet file (${reason}). Delete it and rerun to download it again, or set --data-dir / REFTBENCH_DATA_DIR.`,
  hubBadLabel: (file: string, row: number, value: unknown) =>
    `${file}: row ${row} has label ${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}, which is out of range for this task. Delete the file from the cache and retry.`,
  badJson: (file: string, line: number, reason: string) =>
    `${where(file, line)}: not a JSON object (${reason}). Each line of a JSONL task file is one JSON object.`,
  jsonlWrongShape: (file: string, line: number, expected: string) =>
    `${where(file, line)}: expected ${expected}. Make every line of the file the same shape.`,
  jsonlMixedShapes: (file: string, line: number) =>
    `${where(file, line)}: this line's fields differ from the first line's. Use one shape per file: {"prompt","response"} or {"text","text_pair"?,"label"}.`,
  jsonlLabelOutOfRange: (file: string, line: number, value: unknown, numLabels: number) =>
    `${where(file, line)}: label ${JSON.stringify(value)} is not an integer class index in [0, ${numLabels - 1}] (the task's numLabels is ${numLabels}). Fix the label or the task's numLabels.`,
  splitTooSmall: (task: string, what: string, wanted: number, available: number) =>
    `task ${task}: the split protocol asks for ${wanted} ${what} examples but only ${available} are available. Lower the size in the suite's split settings.`,
  badSplitFraction: (task: string, field: string, value: number) =>
    `task ${task}: split setting ${field} = ${value} must be a fraction in (0, 1) or a whole number of examples ≥ 1.`,
  missingSourceSplit: (task: string, role: string, source: string) =>
    `task ${task}: the split protocol takes ${role} from the "${source}" split, which this task's source does not have. Use "train" or "validation" (GLUE has no labelled test split).`,
  splitOverlap: (task: string, source: string) =>
    `task ${task}: dev and test both take what is left of "${source}". Give dev (or test) a size or fraction.`,
  emptyRole: (task: string, role: string) =>
    `task ${task}: the split protocol leaves no ${role} examples. Make the carved dev/test parts smaller.`,
  taskTypeMismatch: (task: string, source: string, declared: string, actual: string) =>
    `task ${task}: its type is "${declared}" but ${source} is a ${actual} task. Set "type": "${actual}".`,
  numLabelsMismatch: (task: string, source: string, declared: number, actual: number) =>
    `task ${task}: numLabels is ${declared} but ${source} has ${actual} classes. Set "numLabels": ${actual} or leave it out.`,
  jsonlSplitMissing: (task: string, file: string) =>
    `task ${task}: ${file} does not exist, but the split protocol reads it. Add the file or change the task's split settings.`,
  unknownSynthetic: (task: string, name: string, known: readonly string[]) =>
    `task ${task}: unknown synthetic generator "${name}". Known generators: ${known.join(', ')}.`,
  unknownTaskSource: (task: string, source: string) =>
    `task ${task}: cannot load source "${source}". Use glue/<task>, jsonl:<directory> or synthetic:<generator>@<seed>.`,
  unreadableTokenizer: (file: string, reason: string) =>
    `${file}: cannot load this tokenizer.json (${reason}). Point the model directory at a Hugging Face tokenizer.json.`,
  unknownToken: (file: string, token: string) =>
    `${file}: the tokenizer produced the token "${token}", which is not in its vocabulary and it has no unknown token. Use a complete tokenizer.json.`,
  badTokenizedSplit: (dir: string, reason: string) =>
    `${dir}: this tokenized split is damaged (${reason}). Delete the folder (or the whole REFTBENCH_CACHE_DIR) and rerun.`,
};
