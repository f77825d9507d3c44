/**
 * Temporary folders for tests that are removed when the test file finishes (node:test `after`),
 * so repeated runs do not fill the system's temp directory.
 */
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

// Registered when a test file imports this module, i.e. at the top level of that file's tests
// (a hook registered from inside a running test would only follow that one test).
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder `<tmp>/reftbench-<prefix>-XXXXXX`, deleted after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `reftbench-${prefix}-`));
  made.push(dir);
  return dir;
}
