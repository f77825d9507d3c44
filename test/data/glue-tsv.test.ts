/** GLUE TSV loading: every task's quirks on the real files, and one clear message per kind of bad data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { glueTasks, findGlueTask } from '../../src/data/glue-tasks.ts';
import { loadGlueTsv, parseGlueTsv } from '../../src/data/glue-tsv.ts';
import { tempDir } from './temp-dirs.ts';

const dataDir = process.env.REFTBENCH_DATA_DIR;
const skip = dataDir === undefined ? { skip: 'REFTBENCH_DATA_DIR is not set' } : {};

/** Row counts and label counts from ../shared/data/SOURCES.md. */
const expected: Array<[keyof typeof glueTasks, string, number, number[] | null]> = [
  ['sst2', 'train.tsv', 67349, [29780, 37569]],
  ['sst2', 'dev.tsv', 872, [428, 444]],
  ['mrpc', 'train.tsv', 3668, null],
  ['mrpc', 'dev.tsv', 408, null],
  ['cola', 'train.tsv', 8551, null],
  ['cola', 'dev.tsv', 1043, null],
  ['stsb', 'train.tsv', 5749, null],
  ['stsb', 'dev.tsv', 1500, null],
  ['qnli', 'dev.tsv', 5463, [2702, 2761]],
  ['rte', 'train.tsv', 2490, null],
  ['rte', 'dev.tsv', 277, null],
];

test('real GLUE files load with the documented row and label counts', skip, async () => {
  for (const [name, file, rows, labelCounts] of expected) {
    const set = await loadGlueTsv(glueTasks[name], join(dataDir!, 'glue', glueTasks[name].dir, file));
    assert.equal(set.examples.length, rows, `${name}/${file}`);
    if (labelCounts !== null) {
      const counts = labelCounts.map((_, k) => set.examples.filter((e) => 'label' in e && e.label === k).length);
      assert.deepEqual(counts, labelCounts, `${name}/${file} labels`);
    }
  }
});

test('real files: MRPC BOM and label column, CoLA without header, STS-B scores, RTE label names', skip, async () => {
  const load = (name: keyof typeof glueTasks, file: string) =>
    loadGlueTsv(glueTasks[name], join(dataDir!, 'glue', glueTasks[name].dir, file));
  const mrpc = await load('mrpc', 'train.tsv');
  assert.deepEqual(mrpc.examples[0], {
    text: 'Amrozi accused his brother, whom he called "the witness", of deliberately distorting his evidence.',
    textPair: 'Referring to him as only "the witness", Amrozi accused his brother of deliberately distorting his evidence.',
    label: 1,
  });
  const cola = await load('cola', 'train.tsv');
  assert.deepEqual(cola.examples[0], { text: "Our friends won't buy this analysis, let alone the next one we propose.", label: 1 });
  const stsb = await load('stsb', 'train.tsv');
  assert.deepEqual(stsb.examples[1], { text: 'A man is playing a large flute.', textPair: 'A man is playing a flute.', label: 3.8 });
  const rte = await load('rte', 'dev.tsv');
  assert.equal(rte.kind, 'classification');
  assert.equal(rte.examples[0] && 'label' in rte.examples[0] ? rte.examples[0].label : -1, 1); // not_entailment
});

test('task names in any usual spelling', () => {
  assert.equal(findGlueTask('SST-2')?.name, 'sst2');
  assert.equal(findGlueTask('glue/sts-b')?.name, 'stsb');
  assert.equal(findGlueTask('MNLI-m')?.name, 'mnli');
  assert.equal(findGlueTask('wnli'), undefined);
});

test('QQP and MNLI layouts (no staged files): columns found by header name', () => {
  const qqp = parseGlueTsv(glueTasks.qqp, 'id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n7\t1\t2\tHow?\tWhy?\t1\n', 'qqp.tsv');
  assert.deepEqual(qqp.examples, [{ text: 'How?', textPair: 'Why?', label: 1 }]);
  const header = ['index', 'promptID', 'pairID', 'genre', 's1b', 's2b', 's1p', 's2p', 'sentence1', 'sentence2', 'label1', 'gold_label'];
  const row = ['0', '1', '1e', 'gov', '', '', '', '', 'A premise.', 'A hypothesis.', 'neutral', 'contradiction'];
  const mnli = parseGlueTsv(glueTasks.mnli, `${header.join('\t')}\r\n${row.join('\t')}\r\n`, 'mnli.tsv');
  assert.deepEqual(mnli.examples, [{ text: 'A premise.', textPair: 'A hypothesis.', label: 2 }]);
});

test('quotes are plain characters (QUOTE_NONE)', () => {
  const set = parseGlueTsv(glueTasks.sst2, 'sentence\tlabel\n"it\'s ""fine\t1\n', 'sst2.tsv');
  assert.equal(set.examples[0] && 'text' in set.examples[0] ? set.examples[0].text : '', '"it\'s ""fine');
});

const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);

test('bad data: missing column names the file and the header line', () => {
  assert.throws(() => parseGlueTsv(glueTasks.rte, 'index\tsentence1\tlabel\n0\ta\tentailment\n', 'x/RTE/dev.tsv'),
    userError(/^x\/RTE\/dev\.tsv:1: the header has no "sentence2" column/));
});

test('bad data: label out of range names the file and line', () => {
  assert.throws(() => parseGlueTsv(glueTasks.sst2, 'sentence\tlabel\ngood\t1\nbad\t2\n', 'SST-2/train.tsv'),
    userError(/^SST-2\/train\.tsv:3: label "2" is not one of 0 \(negative\), 1 \(positive\)/));
  assert.throws(() => parseGlueTsv(glueTasks.rte, 'index\tsentence1\tsentence2\tlabel\n0\ta\tb\tmaybe\n', 'RTE/dev.tsv'),
    userError(/RTE\/dev\.tsv:2: label "maybe"/));
  assert.throws(() => parseGlueTsv(glueTasks.stsb, 'sentence1\tsentence2\tscore\na\tb\t5.5\n', 'STS-B/dev.tsv'),
    userError(/STS-B\/dev\.tsv:2: score "5.5" is not a number in \[0, 5\]/));
});

test('bad data: a row with a missing field names its line', () => {
  assert.throws(() => parseGlueTsv(glueTasks.cola, 'gj04\t1\t\tFine.\ngj04\t1\tBroken.\n', 'CoLA/train.tsv'),
    userError(/^CoLA\/train\.tsv:2: this row has 3 tab-separated fields, expected 4/));
});

test('bad data: an empty split', () => {
  assert.throws(() => parseGlueTsv(glueTasks.sst2, 'sentence\tlabel\n', 'SST-2/dev.tsv'), userError(/SST-2\/dev\.tsv: this split has no examples/));
  assert.throws(() => parseGlueTsv(glueTasks.cola, '', 'CoLA/dev.tsv'), userError(/no examples/));
});

test('bad data: unreadable and non-UTF-8 files', async () => {
  const dir = tempDir('glue');
  await assert.rejects(loadGlueTsv(glueTasks.sst2, join(dir, 'missing.tsv')), userError(/missing\.tsv: cannot read this data file \(ENOENT\)/));
  mkdirSync(join(dir, 'adir.tsv'));
  await assert.rejects(loadGlueTsv(glueTasks.sst2, join(dir, 'adir.tsv')), userError(/adir\.tsv: cannot read this data file \(EISDIR\)/));
  writeFileSync(join(dir, 'latin1.tsv'), Buffer.from('sentence\tlabel\nok\t1\ncaf\xe9\t0\n', 'latin1'));
  await assert.rejects(loadGlueTsv(glueTasks.sst2, join(dir, 'latin1.tsv')), userError(/latin1\.tsv:3: this line is not valid UTF-8/));
  if (process.getuid?.() !== 0) {
    writeFileSync(join(dir, 'locked.tsv'), 'sentence\tlabel\nok\t1\n');
    chmodSync(join(dir, 'locked.tsv'), 0o000);
    await assert.rejects(loadGlueTsv(glueTasks.sst2, join(dir, 'locked.tsv')), userError(/EACCES/));
  }
});
