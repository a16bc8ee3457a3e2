import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { auditHead } from '../../../test/support/hardening.ts';
import { execute } from '../../platform/command.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { findOrg } from '../orgs/index.ts';
import { createPower } from './commands/create-power.ts';
import { disposePower } from './commands/dispose.ts';
import { powerCounts } from './ports.ts';
import { standingByCategory, countChanges } from './repo.ts';

/**
 * The counting query (services.md §1): how many powers of each category stood on a date, how many
 * were cancelled or delegated in a year — read from the disposition history, over an org's subtree.
 * Powers are added under 常青乡 (a subtree with none of the demo's powers) and counted there.
 */
let t: TestApp;
let township: { id: number; path: string };
let villageId: number;
let street: number;
let cat: Record<string, number>;
let n = 0;

before(async () => {
  t = await testApp({ demo: true });
  const o = (await findOrg(t.app.database.db, '洪江区常青乡人民政府'))!;
  township = { id: o.id, path: o.path };
  villageId = (await findOrg(t.app.database.db, '常青乡常青村'))!.id;
  street = (await findOrg(t.app.database.db, '洪江区新街街道办事处'))!.id;
  const rows = await t.app.database.db.selectFrom('power_categories').select(['id', 'name']).execute();
  cat = Object.fromEntries(rows.map((r) => [r.name, Number(r.id)]));
});
after(() => t?.close());

async function power(category: string, onDate: string, opening: 'keep' | 'add' = 'keep', orgId = township.id): Promise<{ id: number; code: string }> {
  const code = `CQ-${++n}`;
  const { id } = await execute(t.system, createPower, {
    orgId,
    categoryId: cat[category],
    name: `常青乡测试权力${n}`,
    code,
    body: '洪江区常青乡人民政府',
    bodyKind: 'legal',
    legalBasis: '《中华人民共和国行政许可法》第十二条',
    opening,
    onDate,
  });
  return { id, code };
}

const counts = (year: number) => powerCounts.summary(t.app.database.db, township.id, year);

test('standing on a date, cancelled and delegated in a year: a cancellation and a merge move the counts on their dates', async () => {
  const db = t.app.database.db;
  const a = await power('行政许可', '2015-06-30');
  const b = await power('行政许可', '2015-06-30');
  const c = await power('行政处罚', '2015-06-30');
  const d = await power('行政处罚', '2016-03-01', 'add', villageId); // in the subtree, one level down
  const e = await power('行政给付', '2015-06-30');
  assert.deepEqual(Object.fromEntries([...(await standingByCategory(db, township.path, '2015-12-31'))]), {
    [cat.行政许可!]: 2,
    [cat.行政处罚!]: 1,
    [cat.行政给付!]: 1,
  });
  // 2016: b cancelled, c merged into d, e delegated to a township and a street (全程办理).
  await execute(t.system, disposePower, { powerId: b.id, kind: 'cancel', onDate: '2016-05-10' });
  await execute(t.system, disposePower, { powerId: c.id, kind: 'merge', onDate: '2016-08-01', mergedIntoCode: d.code });
  await execute(t.system, disposePower, { powerId: e.id, kind: 'delegate', onDate: '2016-09-01', delegateOrgIds: [township.id, street], mode: 'full' });
  await execute(t.system, disposePower, { powerId: a.id, kind: 'delegate', onDate: '2017-02-01', delegateOrgIds: [township.id], mode: 'proxy' });
  const before = await standingByCategory(db, township.path, '2016-05-09');
  assert.equal(before.get(cat.行政许可!), 2, 'the day before the cancellation both still stand');
  assert.equal((await standingByCategory(db, township.path, '2016-05-10')).get(cat.行政许可!), 1, 'a cancellation takes effect on its date');
  assert.equal((await standingByCategory(db, township.path, '2016-07-31')).get(cat.行政处罚!), 2, 'before the merge: c and d');
  assert.equal((await standingByCategory(db, township.path, '2016-08-01')).get(cat.行政处罚!), 1, 'after the merge only d stands');
  const y16 = await counts(2016);
  assert.equal(y16.byCategory.行政许可, 1);
  assert.equal(y16.byCategory.行政处罚, 1);
  assert.equal(y16.byCategory.行政给付, 1, 'a delegated power still stands (it is handled at the township)');
  assert.equal(y16.byCategory.行政奖励, 0, 'every category of the list is there, 0 included');
  assert.deepEqual([y16.cancelled, y16.delegated, y16.delegatedFull, y16.delegatedProxy], [1, 1, 1, 0], 'a merge is not a cancellation');
  const y15 = await counts(2015);
  assert.deepEqual([y15.byCategory.行政处罚, y15.cancelled, y15.delegated], [1, 0, 0], 'd did not yet stand in 2015');
  const y17 = await counts(2017);
  assert.deepEqual([y17.cancelled, y17.delegated, y17.delegatedFull, y17.delegatedProxy], [0, 1, 0, 1]);
  assert.equal(await countChanges(db, { path: township.path, year: 2016, kinds: ['merge'] }), 1);
  // The village's own subtree counts only its power.
  const village = await powerCounts.summary(db, villageId, 2016);
  assert.equal(village.byCategory.行政处罚, 1);
  assert.equal(village.byCategory.行政许可, 0);
});

test('the history keeps its rules: nothing after a cancellation, no date before the last change, a merge names a standing power, a delegation names townships or streets with its mode — refused by field, nothing written', async () => {
  const db = t.app.database.db;
  const p = await power('行政检查', '2015-06-30');
  const q = await power('行政检查', '2015-06-30');
  await execute(t.system, disposePower, { powerId: q.id, kind: 'cancel', onDate: '2016-01-10' });
  const refused = async (input: Record<string, unknown>, field: string, re: RegExp) => {
    const head = await auditHead(db);
    const rows = await db
      .selectFrom('power_dispositions')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await assert.rejects(
      () => execute(t.system, disposePower, { powerId: p.id, ...input }),
      (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.field === field && re.test(i.message)),
      `${JSON.stringify(input)} → ${field}`,
    );
    assert.equal(await auditHead(db), head, 'no audit entry');
    assert.deepEqual(
      await db
        .selectFrom('power_dispositions')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      rows,
      'no disposition',
    );
  };
  await refused({ kind: 'keep', onDate: '2014-01-01' }, 'onDate', /不能早于/);
  await refused({ kind: 'merge', onDate: '2016-02-01' }, 'mergedIntoCode', /合并至/);
  await refused({ kind: 'merge', onDate: '2016-02-01', mergedIntoCode: 'NO-SUCH' }, 'mergedIntoCode', /找不到/);
  await refused({ kind: 'merge', onDate: '2016-02-01', mergedIntoCode: q.code }, 'mergedIntoCode', /已不在权力清单中/);
  await refused({ kind: 'delegate', onDate: '2016-02-01', delegateOrgIds: [township.id] }, 'mode', /下放方式/);
  await refused({ kind: 'delegate', onDate: '2016-02-01', mode: 'full' }, 'delegateOrgIds', /下放至/);
  await refused({ kind: 'delegate', onDate: '2016-02-01', delegateOrgIds: [villageId], mode: 'full' }, 'delegateOrgIds', /乡、镇或街道/);
  await refused({ kind: 'cancel', onDate: '2016-02-01', mode: 'full' }, 'mode', /只有下放/);
  await assert.rejects(
    () => execute(t.system, disposePower, { powerId: q.id, kind: 'keep', onDate: '2016-02-01' }),
    (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.field === 'kind' && /不能再调整/.test(i.message)),
  );
});
