import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, isUserError } from '../../src/errors.ts';

test('UserError carries exit code 2 and is recognised', () => {
  const error = new UserError('suites/x.json: something is wrong');
  assert.equal(error.exitCode, 2);
  assert.ok(isUserError(error));
  assert.ok(!isUserError(new Error('crash')));
});
