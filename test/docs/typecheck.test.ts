import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The code is run by tsx, which strips types without checking them: this is where TypeScript strict
 * is enforced (src, test, bench, bin). Engine-independent, so it runs once, on the SQLite pass.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const onPostgres = /^postgres/.test(process.env.GONGKAI_TEST_DATABASE_URL ?? '');

test('the whole tree type-checks under strict TypeScript', { skip: onPostgres && 'checked on the SQLite pass', timeout: 180_000 }, async () => {
  const out = await new Promise<{ code: number; text: string }>((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, text: `${stdout}${stderr}` });
      },
    );
  });
  assert.equal(out.code, 0, `tsc found type errors:\n${out.text.slice(0, 4000)}`);
});
