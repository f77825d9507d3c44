/** `reftbench data`: GLUE splits summarised through the CLI; bad data exits 2 with the file and line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { tempDir } from './temp-dirs.ts';

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd: tmpdir(), env });
  return { code, out, err };
}

function dataDir(devRows: string): string {
  const dir = tempDir('datacmd');
  mkdirSync(join(dir, 'glue', 'RTE'), { recursive: true });
  writeFileSync(join(dir, 'glue', 'RTE', 'train.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\tA.\tB.\tentailment\n1\tC.\tD.\tnot_entailment\n');
  writeFileSync(join(dir, 'glue', 'RTE', 'dev.tsv'), `index\tsentence1\tsentence2\tlabel\n${devRows}`);
  return dir;
}

test('summarises the splits found in the data directory', async () => {
  const dir = dataDir('0\tE.\tF.\tentailment\n');
  const { code, out } = await cli(['data', '--data-dir', dir], { HF_HUB_OFFLINE: '1' });
  assert.equal(code, 0);
  assert.match(out, /^rte +train +2 rows +entailment=1 not_entailment=1 +data-dir: .*RTE\/train\.tsv$/m);
  assert.match(out, /^rte +validation +1 rows/m);
});

test('bad data: exit code 2 and one message naming the file and line', async () => {
  const dir = dataDir('0\tE.\tF.\tentailment\n1\tG.\tH.\tcontradiction\n');
  const { code, err } = await cli(['data', 'rte'], { REFTBENCH_DATA_DIR: dir, HF_HUB_OFFLINE: '1' });
  assert.equal(code, 2);
  assert.equal(err.trim().split('\n').length, 1);
  assert.match(err, /RTE\/dev\.tsv:3: label "contradiction" is not one of 0 \(entailment\), 1 \(not_entailment\)/);
});

test('nothing to load, an unknown option, an unknown task', async () => {
  assert.match((await cli(['data'], {})).err, /no data directory is set \(REFTBENCH_DATA_DIR or --data-dir\)\. Set REFTBENCH_DATA_DIR/);
  assert.match((await cli(['data', '--data-dir', '/nonexistent'], {})).err, /no GLUE split files found under \/nonexistent\/glue\//);
  assert.equal((await cli(['data', '--fast'], {})).code, 2);
  assert.match((await cli(['data', 'wnli'], {})).err, /unknown GLUE task "wnli"/);
});

test('columns line up whatever the label names and counts (the source column starts at one place)', async () => {
  const dir = tempDir('datacmd-align');
  mkdirSync(join(dir, 'glue', 'RTE'), { recursive: true });
  const rows = (labels: string[]) => `index\tsentence1\tsentence2\tlabel\n${labels.map((l, i) => `${i}\tA.\tB.\t${l}\n`).join('')}`;
  writeFileSync(join(dir, 'glue', 'RTE', 'train.tsv'), rows([...Array(10).fill('entailment'), 'not_entailment']));
  writeFileSync(join(dir, 'glue', 'RTE', 'dev.tsv'), rows(['entailment']));
  const { code, out } = await cli(['data', '--data-dir', dir], { HF_HUB_OFFLINE: '1' });
  assert.equal(code, 0);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 2);
  const starts = lines.map((l) => l.indexOf('data-dir: '));
  assert.ok(starts[0]! > 0 && starts[0] === starts[1], `the source column starts at ${starts.join(' and ')}:\n${out}`);
  assert.equal(lines[0]!.indexOf(' rows'), lines[1]!.indexOf(' rows'));
});
