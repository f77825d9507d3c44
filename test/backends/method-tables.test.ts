/**
 * Each backend's method table against the method registry and against what the backend really
 * runs: the `ort` table builds, for every kind its capability table marks as running, the graph
 * rewrite of that very kind, and refuses the others by name; the torch table names, for every kind
 * the worker runs, the part of the worker whose own list holds it (read from the Python sources),
 * and the torch backend refuses a kind the worker lacks by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NOT_HERE } from '../../src/backends/not-here.ts';
import { ortMethodKinds, ortRuns, runsOnOrt, torchOnlyKinds } from '../../src/backends/ort/method-kinds.ts';
import { ortEngine, ortMethods } from '../../src/backends/ort/method-table.ts';
import { runsOnTorch, torchMethods, type TorchWorkerPart } from '../../src/backends/torch-method-table.ts';
import { TorchBackend } from '../../src/backends/torch-backend.ts';
import { methodKinds, methods } from '../../src/methods/registry.ts';
import { resolveHparams } from '../../src/methods/resolve-hparams.ts';
import { tinyArch } from '../../src/models/tiny.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { MethodKind } from '../../src/types/run-spec.ts';
import { baseSuite, load } from '../plan/suite-builder.ts';

const worker = resolve(import.meta.dirname, '../../src/backends/torch/reftbench_worker');

test('every table lists every kind of the registry, in its order', () => {
  for (const table of [ortRuns, ortMethods, torchMethods]) assert.deepEqual(Object.keys(table), methodKinds);
});

test('ort: each kind it runs builds that kind\'s graph rewrite; the peft-only kinds are refused by name', () => {
  const arch = tinyArch('bert');
  assert.deepEqual([...torchOnlyKinds], ['prefix', 'loha', 'lokr', 'vera', 'oft']);
  assert.equal(ortMethodKinds.length + torchOnlyKinds.length, methodKinds.length);
  for (const kind of methodKinds) {
    const resolved = resolveHparams(methods[kind], {}, arch);
    assert.ok(resolved.ok, kind);
    if (!resolved.ok) continue;
    if (runsOnOrt(kind)) {
      assert.equal(typeof ortMethods[kind], 'function', kind);
      assert.equal(ortEngine(kind, resolved.hparams, arch).kind, kind);
    } else {
      assert.equal(ortMethods[kind], NOT_HERE, kind);
      assert.throws(() => ortEngine(kind, resolved.hparams, arch), new RegExp(`ort engine does not implement "${kind}"`));
    }
  }
});

/** The kinds in a Python tuple constant `NAME: tuple[...] = ("a", "b", …)` of a worker file. */
function pythonKinds(file: string, name: string): string[] {
  const text = readFileSync(resolve(worker, file), 'utf8');
  const match = new RegExp(`^${name}\\b[^=\\n]*=\\s*\\(([^)]*)\\)`, 'm').exec(text);
  assert.ok(match, `${file} defines ${name}`);
  return [...match[1]!.matchAll(/"([a-z0-9]+)"/g)].map((m) => m[1]!);
}

test('torch: the table agrees with the worker — its ReFT kinds, its peft kinds and the kinds it builds by hand', () => {
  const byPart = (part: TorchWorkerPart) => methodKinds.filter((k) => torchMethods[k] === part);
  assert.deepEqual(byPart('reft'), pythonKinds('interventions.py', 'REFT_KINDS'));
  assert.deepEqual([...byPart('peft')].sort(), pythonKinds('peft_methods.py', 'PEFT_KINDS').sort());
  const dispatch = readFileSync(resolve(worker, 'methods.py'), 'utf8');
  const byHand = [...dispatch.matchAll(/^\s+if kind == "([a-z0-9]+)":/gm)].map((m) => m[1]!);
  assert.deepEqual(byPart('by-hand').sort(), byHand.sort());
  assert.deepEqual(methodKinds.filter((k) => !runsOnTorch(k)), ['adapter']);
});

test('the torch backend refuses a kind the worker does not run, by name, before starting it', () => {
  const s = baseSuite();
  s.methods = [{ id: 'lora', kind: 'lora' }];
  s.budget = { compute: { rule: 'steps', amount: 2 } };
  const spec = buildPlan(load(s), { backend: 'torch' }).groups[0]!.trials[0]!.spec;
  const backend = new TorchBackend();
  assert.equal(backend.unsupported(spec), undefined);
  const adapter: MethodKind = 'adapter';
  assert.match(backend.unsupported({ ...spec, method: { ...spec.method, kind: adapter } }) ?? '', /method kind adapter runs only on the ort engine; the torch worker does not implement it/);
});
