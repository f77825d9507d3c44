/**
 * The ort backend's run children (src/backends/ort/child-backend.ts): a run stopped from its own last
 * step's report (as `plan`'s calibration stops its runs) kills its child while the child's "done"
 * may already be on its way; that child must not be handed to the next run, which would then fail
 * with a closed channel or a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { OrtChildBackend } from '../../../src/backends/ort/child-backend.ts';
import { scheduleForSpec } from '../../../src/data/batch-schedule.ts';
import { resolveDataLocations } from '../../../src/data/locations.ts';
import { buildPlan } from '../../../src/plan/build-plan.ts';
import { preparedKey, prepareInputs, trainLengthsOf } from '../../../src/run/prepare-inputs.ts';
import { trialRuns } from '../../../src/run/trial-specs.ts';
import { loadSuite } from '../../../src/suite/load-suite.ts';
import { fits } from '../../../src/suite/semantic-check.ts';
import { fixtures, repo, tempDir, tinySuite } from '../../run/helpers.ts';

test('a run stopped at its last step does not leave its killed child to the next run', { timeout: 120_000 }, async () => {
  const loaded = loadSuite(tinySuite, repo);
  const env = { ...process.env, REFTBENCH_CACHE_DIR: tempDir('child-backend'), HF_HUB_OFFLINE: '1' };
  const inputs = await prepareInputs(loaded, resolveDataLocations(env, repo, fixtures), dirname(tinySuite), (m, t) => fits(m.family, t.type));
  const plan = buildPlan(loaded, { backend: 'ort', trainLengths: trainLengthsOf(inputs) });
  const backend = new OrtChildBackend();
  try {
    const [run] = trialRuns(plan, inputs, backend);
    const lengths = inputs.tasks.get(preparedKey(run!.spec.model.id, run!.spec.task.id))!.train.lengths;
    const request = (signal: AbortSignal, onStep: (step: number, total: number) => void) => ({
      spec: run!.spec, schedule: scheduleForSpec(run!.spec, lengths), modelDir: inputs.models.get(run!.spec.model.id)!.dir, signal,
      onStep: (s: { step: number; totalSteps: number }) => onStep(s.step, s.totalSteps),
    });
    for (let i = 0; i < 3; i++) {
      const stop = new AbortController();
      await backend.run(request(stop.signal, (step, total) => {
        // hold this thread while the child ends its last step and evaluation: its last "step" and its
        // "done" then arrive together, as they do on a loaded machine
        if (step === total - 1) for (const until = Date.now() + 1500; Date.now() < until;);
        if (step === total) stop.abort(new Error('enough'));
      })).catch(() => undefined);
      const next = await backend.run(request(new AbortController().signal, () => {}));
      assert.equal(next.status, 'ok', `try ${i + 1}`);
    }
  } finally {
    await backend.close();
  }
});
