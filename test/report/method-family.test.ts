/**
 * The report's method tables agree with the methods themselves: `trainsBaseWeightsOnly` says a kind
 * adds no parameters exactly when its own count says so, and peft's percentage of full fine-tuning
 * is 100% (its trainable parameters are the base model's, not new ones).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methodKinds, methods } from '../../src/methods/registry.ts';
import { resolveHparams } from '../../src/methods/resolve-hparams.ts';
import { archPreset } from '../../src/models/presets.ts';
import { trainsBaseWeightsOnly } from '../../src/report/method-family.ts';

test('a kind trains base weights only exactly when its own parameter count adds nothing', () => {
  for (const [archName, arch] of [['roberta-base', archPreset('roberta-base')], ['llama-7b', archPreset('llama-7b')]] as const) {
    for (const kind of methodKinds) {
      const resolved = resolveHparams(methods[kind], {}, arch);
      assert.ok(resolved.ok, `${kind} resolves with its defaults on ${archName}`);
      const count = methods[kind].countParams(resolved.hparams, arch);
      if (count.trainable === 0) continue; // e.g. BitFit on a bias-free LLaMA: nothing to say
      assert.equal(trainsBaseWeightsOnly[kind], count.added === 0, `${kind} on ${archName}: trainable ${count.trainable}, added ${count.added}`);
    }
  }
});
