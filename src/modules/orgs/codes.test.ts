import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOrgCode, makeOrgCode, makeUscc } from './codes.ts';

test('a 组织机构代码 is accepted only with its GB 11714 check character', () => {
  // 000014349 is the State Council General Office's code used in national 索引号 examples.
  assert.deepEqual(checkOrgCode('000014349'), { ok: true, kind: 'org', orgCode: '000014349' });
  const r = checkOrgCode('000014348');
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /校验码错误/);
  assert.equal(checkOrgCode(makeOrgCode('D1234567')).ok, true);
});

test('a 统一社会信用代码 is checked whole and carries a valid 组织机构代码', () => {
  const code = makeUscc('431202', '00615732');
  assert.equal(code.length, 18);
  const r = checkOrgCode(code);
  assert.ok(r.ok);
  assert.equal((r as { orgCode: string }).orgCode, code.slice(8, 17));
  // A real published code (国家市场监督管理总局 style example): 91350100M000100Y43.
  assert.equal(checkOrgCode('91350100M000100Y43').ok, true);
  const broken = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
  assert.equal(checkOrgCode(broken).ok, false);
  assert.equal(checkOrgCode('12345').ok, false);
});
