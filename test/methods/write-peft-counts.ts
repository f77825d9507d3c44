/**
 * Rewrites test/fixtures/methods/peft-counts.json from the planner's counts (see
 * peft-count-cases.ts). Run after a deliberate change to a torch-only kind's count, then run the
 * worker's pytest (`npm run test:torch`) to confirm peft agrees:
 *
 *   node --import tsx test/methods/write-peft-counts.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEFT_COUNT_FIXTURE, peftCountFixture } from './peft-count-cases.ts';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
writeFileSync(join(root, PEFT_COUNT_FIXTURE), `${JSON.stringify(peftCountFixture(), null, 2)}\n`);
