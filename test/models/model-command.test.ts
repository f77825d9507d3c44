import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import type { CommandIO } from '../../src/commands/command.ts';
import { loadHfDir } from '../../src/models/hf-dir.ts';

function io(cwd: string): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, env: {} };
}

const dataDir = process.env.REFTBENCH_DATA_DIR;

test('model tiny writes a loadable directory; inspect prints arch, parameters and tensors', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-cmd-'));
  try {
    const a = io(root);
    assert.equal(await main(['model', 'tiny', 'llama', 'out/llama', '--seed', '7'], a), 0);
    assert.match(a.stdout.join('\n'), /llama \(decoder\): 2 layers, hidden 32, 4 heads \(2 key\/value heads\)/);
    assert.equal(loadHfDir(join(root, 'out', 'llama')).arch.numKvHeads, 2);
    const b = io(root);
    assert.equal(await main(['model', 'inspect', 'out/llama'], b), 0);
    const text = b.stdout.join('\n');
    assert.match(text, /parameters: 59,552/);
    assert.match(text, /model\.layers\.1\.self_attn\.k_proj\.weight\s+F32\s+\[16, 32\]/);
    // Writing again to the same place is refused, and nothing is overwritten.
    const c = io(root);
    assert.equal(await main(['model', 'tiny', 'bert', 'out/llama'], c), 2);
    assert.match(c.stderr.join('\n'), /already exists and is not empty/);
    assert.deepEqual(readdirSync(join(root, 'out')), ['llama']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('model: usage mistakes exit 2 with a message', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-cmd-'));
  try {
    const cases: [string[], RegExp][] = [
      [['model'], /usage:/],
      [['model', 'frobnicate'], /unknown subcommand "frobnicate"/],
      [['model', 'tiny', 'gpt2', 'x'], /unknown kind "gpt2"\. Use one of bert, roberta, llama/],
      [['model', 'tiny', 'bert', 'x', '--seed', 'abc'], /--seed "abc" is not a non-negative integer/],
      [['model', 'tiny', 'bert'], /expected <bert\|roberta\|llama> <out-dir>/],
      [['model', 'inspect', 'missing'], /missing: no such model directory/],
      [['model', 'convert-llama2c', 'a.bin', 'b.bin', 'out'], /a\.bin: no such llama2\.c checkpoint/],
    ];
    for (const [args, pattern] of cases) {
      const x = io(root);
      assert.equal(await main(args, x), 2, args.join(' '));
      assert.match(x.stderr.join('\n'), pattern, args.join(' '));
    }
    assert.deepEqual(readdirSync(root), [], 'nothing written');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('model convert-llama2c writes stories260K as an HF LLaMA directory', { skip: dataDir ? false : 'REFTBENCH_DATA_DIR is not set' }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-cmd-'));
  try {
    const stories = join(dataDir!, 'models', 'stories260K');
    const x = io(root);
    assert.equal(await main(['model', 'convert-llama2c', join(stories, 'stories260K.bin'), join(stories, 'tok512.bin'), 'stories'], x), 0);
    assert.match(x.stdout.join('\n'), /parameters: 260,032/);
    const model = loadHfDir(join(root, 'stories'));
    assert.equal(model.arch.vocabSize, 512);
    assert.equal(model.arch.tieWordEmbeddings, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('model tiny: an output that is a file, or under a file, is one message (exit 2), not a stack trace', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-cmd-'));
  try {
    writeFileSync(join(root, 'f'), 'x');
    for (const [target, message] of [
      ['f', /f: is a file, not a folder\. Give a new or empty output directory/],
      ['f/sub', /cannot create the output directory .*f\/sub: its parent .*f cannot be made a folder \((ENOTDIR|EEXIST)\)/],
    ] as const) {
      const a = io(root);
      assert.equal(await main(['model', 'tiny', 'bert', target], a), 2, target);
      assert.match(a.stderr.join('\n'), message);
    }
    assert.deepEqual(readdirSync(root), ['f']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a temporary folder left by a killed writer is removed by the next one; a live writer\'s is kept', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-cmd-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has exited
    mkdirSync(join(root, `.llama.tmp-${dead}-1`));
    writeFileSync(join(root, `.llama.tmp-${dead}-1`, 'config.json'), '{}');
    mkdirSync(join(root, `.llama.tmp-${process.pid}-2`)); // this process is alive
    mkdirSync(join(root, `.other.tmp-${dead}-3`)); // another target's: not ours to judge
    assert.equal(await main(['model', 'tiny', 'llama', 'llama'], io(root)), 0);
    assert.deepEqual(readdirSync(root).sort(), [`.llama.tmp-${process.pid}-2`, `.other.tmp-${dead}-3`, 'llama']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
