/** `run` and `bench` share their command line; a mistake in it is reported under the command typed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli.ts';

async function attempt(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(args, { out: () => {}, err: (t) => void err.push(t), cwd: process.cwd(), env: process.env });
  return { code, err: err.join('\n') };
}

test('bench and run name themselves in messages about their options', async () => {
  for (const command of ['bench', 'run']) {
    const other = command === 'bench' ? 'run' : 'bench';
    const cases: [string[], RegExp][] = [
      [['suites/quickstart.json', '--resluts', 'x'], new RegExp(`^reftbench ${command}: unknown option --resluts\\. See \`reftbench help ${command}\``)],
      [['suites/quickstart.json', '--jobs', '0'], new RegExp(`^reftbench ${command}: --jobs "0" is invalid`)],
      [['suites/quickstart.json', '--results'], new RegExp(`^reftbench ${command}: --results needs a value`)],
      [['a.json', 'b.json'], new RegExp(`^reftbench ${command}: unexpected argument "b\\.json"`)],
      [[], new RegExp(`^reftbench ${command}: give the suite file, e\\.g\\. \`reftbench ${command} suites/quickstart\\.json\``)],
    ];
    for (const [args, message] of cases) {
      const r = await attempt([command, ...args]);
      assert.equal(r.code, 2, `${command} ${args.join(' ')}`);
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, new RegExp(`reftbench ${other}`));
    }
  }
});
