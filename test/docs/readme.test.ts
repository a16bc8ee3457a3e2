import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configSchema, envName } from '../../src/platform/config.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('the README documents every setting', () => {
  for (const key of Object.keys(configSchema.shape)) assert.ok(readme.includes(`\`${envName(key)}\``), `README lacks ${envName(key)}`);
});

test('the README says why each dependency is there', () => {
  const deps = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies).filter((d) => !d.startsWith('@types/'))];
  for (const d of deps) assert.ok(readme.includes(`\`${d}\``), `README lacks ${d}`);
});

test('the README gives exactly two set-up commands: start and test', () => {
  const block = /## Start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^npm install && npm start/);
  assert.match(lines[1]!, /^npm test/);
});
