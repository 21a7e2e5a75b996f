import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// The project's own lint rules, proved on fixtures: the linter is what keeps them, so it must refuse what they forbid.
const ROOT = path.resolve(__dirname, '../..');
const fixture = fs.readFileSync(path.join(ROOT, 'tests/fixtures/lint/deep-sdk-import.ts.txt'), 'utf8');
// The ESLint command line (its config is an ES module, which jest's module system does not load).
const lintAs = async (file: string) => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: fixture,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; line: number; message: string }> }>;
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => ({ line: m.line, message: m.message }));
};

it('a deep import of an SDK file from app/ or ui/ fails the lint; the entry points pass', async () => {
  for (const file of ['app/export/fixture.ts', 'ui/pages/fixture.tsx']) {
    expect(await lintAs(file)).toEqual([{ line: 2, message: expect.stringMatching(/entry points \('sdk', 'sdk\/testing', 'sdk\/browser'\)/) }]);
  }
});

it('tests may reach into the SDK (they test its parts)', async () => {
  expect(await lintAs('tests/sdk/fixture.test.ts')).toEqual([]);
});
