/** Builds small in-memory suites for planner tests from the good base fixture. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSuiteText, type LoadedSuite } from '../../src/suite/load-suite.ts';
import type { Suite } from '../../src/types/suite.ts';

const basePath = resolve(import.meta.dirname, '../fixtures/suites/good/base.json');

export function baseSuite(): Suite {
  return JSON.parse(readFileSync(basePath, 'utf8')) as Suite;
}

/** Validates a suite object exactly as a file would be (throws UserError when invalid). */
export function load(suite: Suite): LoadedSuite {
  return parseSuiteText(JSON.stringify(suite, null, 2), 'inline-suite.json');
}
