import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { execute } from '../../platform/command.ts';
import { fixedClock } from '../../kernel/clock.ts';
import { findOrg, listOrgs } from '../orgs/index.ts';
import { APPLICANT_TYPES } from './applicants.ts';
import { outcomesFor } from './outcomes.ts';
import { REPORT_OUTCOME_KEYS, OUTCOME_2008_TO_2019, ANSWER_2008 } from './stats.ts';
import { recordRequest } from './commands/record-request.ts';
import { decideRequest } from './commands/decide-request.ts';
import './stats.ts';

let t: TestApp;
let orgIds: number[];
let rootId: number;

before(async () => {
  t = await testApp({ demo: true });
  rootId = (await findOrg(t.app.database.db, '洪江区管理委员会'))!.id;
  // Orgs with requests or appeals, and two without (their figures must all be 0 and balance too).
  const used = await t.app.database.db.selectFrom('requests').select('org_id').distinct().execute();
  const spare = (await listOrgs(t.app.database.db))
    .map((o) => o.id)
    .filter((id) => !used.some((u) => Number(u.org_id) === id))
    .slice(0, 2);
  orgIds = [...new Set([rootId, ...used.map((u) => Number(u.org_id)), ...spare])];
});
after(() => t?.close());

const count = (name: string, orgId: number, year: number, params: Record<string, string | string[]> = {}) =>
  t.app.registry.metrics.get(name)!.count(t.app.database.db, { orgId, year, params });

async function districtTotal(name: string, year: number, params: Record<string, string | string[]> = {}) {
  let n = 0;
  for (const id of orgIds) n += await count(name, id, year, params);
  return n;
}

test('the 2019 outcome keys are exactly the table-三 keys of docs/report-formats.md, and every 2008 key maps to one of them', () => {
  const doc = readFileSync(new URL('../../../docs/report-formats.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('Outcome keys (table 三 leaves'), doc.indexOf('### Catalogue module'));
  const documented = [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).filter((k) => k !== 'outcome');
  assert.deepEqual([...REPORT_OUTCOME_KEYS], documented);
  assert.deepEqual(
    outcomesFor('2019').map((o) => o.key),
    [...REPORT_OUTCOME_KEYS],
  );
  for (const o of outcomesFor('2008')) {
    assert.ok(REPORT_OUTCOME_KEYS.includes(OUTCOME_2008_TO_2019[o.key as keyof typeof OUTCOME_2008_TO_2019]), o.key);
    assert.ok(ANSWER_2008[o.key as keyof typeof ANSWER_2008], o.key);
  }
});

test('per applicant type and org: received + carried in = Σ outcomes + carried out, in 2016, 2025 and 2026', async () => {
  for (const year of [2016, 2025, 2026])
    for (const orgId of year === 2016 ? [rootId] : orgIds)
      for (const applicant of APPLICANT_TYPES) {
        const p = { applicant };
        const received = await count('requests.received', orgId, year, p);
        const carriedIn = await count('requests.carriedIn', orgId, year, p);
        const carriedOut = await count('requests.carriedOut', orgId, year, p);
        let outcomes = 0;
        for (const outcome of REPORT_OUTCOME_KEYS) outcomes += await count('requests.outcome', orgId, year, { outcome, applicant });
        assert.equal(
          received + carriedIn,
          outcomes + carriedOut,
          `${year} org ${orgId} ${applicant}: ${received} + ${carriedIn} ≠ ${outcomes} + ${carriedOut}`,
        );
      }
});

test('the 2025 demo uses every one of the 21 outcome rows and carries one request into 2026', async () => {
  for (const outcome of REPORT_OUTCOME_KEYS) assert.ok((await districtTotal('requests.outcome', 2025, { outcome })) >= 1, `no ${outcome} in 2025`);
  assert.equal(await districtTotal('requests.carriedOut', 2025), 1);
  assert.equal(await districtTotal('requests.carriedIn', 2026), 1);
  assert.equal(await districtTotal('requests.carriedIn', 2025), 0);
  // The trial format's single （六） row asks for several keys at once.
  const six = await districtTotal('requests.outcome', 2025, { outcome: ['other_no_correction', 'other_fee_unpaid', 'other'] });
  assert.equal(six, 3);
});

test('2016 as the seed records it: no requests, 2 reconsiderations ending 其他, 13 lawsuits upheld', async () => {
  assert.equal(await districtTotal('requests.received', 2016), 0);
  assert.equal(await count('requests.reconsideration', rootId, 2016, { result: 'other' }), 2);
  for (const result of ['upheld', 'corrected', 'pending']) assert.equal(await count('requests.reconsideration', rootId, 2016, { result }), 0);
  assert.equal(await count('requests.litigation', rootId, 2016, { result: 'upheld' }), 13);
  assert.equal(await count('requests.litigation', rootId, 2016, { result: 'upheld', route: 'direct' }), 13);
  for (const result of ['corrected', 'other', 'pending']) assert.equal(await count('requests.litigation', rootId, 2016, { result }), 0);
  assert.equal(await count('requests.feesCollected', rootId, 2016), 0);
});

test('a lawsuit with the reconsideration body as co-defendant counts only for the original agency', async () => {
  const commerce = (await findOrg(t.app.database.db, '洪江区商务局'))!.id;
  assert.equal(await count('requests.litigation', commerce, 2025, { route: 'after_reconsideration', result: 'pending' }), 1);
  assert.equal(await count('requests.litigation', rootId, 2025, { route: 'after_reconsideration', result: 'pending' }), 0);
  assert.equal(await count('requests.reconsideration', commerce, 2025, { result: 'upheld' }), 1);
  // Still pending at the end of 2025, decided later: it is pending for 2025 whatever happens next.
  assert.equal(await count('requests.litigation', rootId, 2025, { route: 'direct', result: 'upheld' }), 1);
});

test('fees collected are reported in 万元 by payment date, not rounded', async () => {
  const fin = (await findOrg(t.app.database.db, '洪江区财政局'))!.id;
  assert.equal(await count('requests.feesCollected', fin, 2025), 0.015);
  assert.equal(await count('requests.feesCollected', fin, 2024), 0);
});

test('each metric lists the records it counts, with no personal data', async () => {
  const fin = (await findOrg(t.app.database.db, '洪江区财政局'))!.id;
  const people = await t.app.database.db.selectFrom('requests').select(['applicant_name', 'id_number', 'phone']).execute();
  for (const [name, orgId, params] of [
    ['requests.received', fin, { applicant: 'commercial' }],
    ['requests.outcome', rootId, { outcome: 'disclose' }],
    ['requests.carriedOut', rootId, {}],
    ['requests.litigation', rootId, { result: 'upheld' }],
    ['requests.feesCollected', fin, {}],
  ] as const) {
    const year = name === 'requests.litigation' ? 2016 : 2025;
    const q = { orgId, year, params: { ...params } };
    const list = await t.app.registry.metrics.get(name)!.records(t.app.database.db, q, { limit: 100, offset: 0 });
    const n = await t.app.registry.metrics.get(name)!.count(t.app.database.db, q);
    if (name !== 'requests.feesCollected') assert.equal(list.total, n, name);
    assert.ok(list.rows.length > 0, name);
    for (const row of list.rows) {
      assert.match(row.href, /^\/admin\/(requests|appeals)\/\d+$/);
      for (const p of people) for (const v of [p.applicant_name, p.id_number, p.phone]) if (v) assert.ok(!row.label.includes(v), `${name}: ${row.label}`);
    }
  }
});

test('a 2008-regime request counts in the old table: answered on time, refused for privacy', async () => {
  const at = { ...t.system, clock: fixedClock('2018-03-12T02:00:00Z') };
  const { id } = await execute(at, recordRequest, {
    orgId: rootId,
    applicantType: 'natural',
    applicantName: '测试人',
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: '13700002222',
    infoDescription: '某户的低保家庭收入材料',
    deliveryForm: 'paper',
    deliveryChannel: 'post',
    address: '洪江区新街1号',
    channel: 'in_person',
    arrivedAt: '2018-03-12T10:00',
  });
  await execute(at, decideRequest, {
    id,
    outcome: 'refuse_privacy',
    decidedOn: '2018-03-12',
    values: { 权利人不同意公开的情况: '经书面征求意见，权利人不同意公开' },
  });
  assert.equal(await count('requests.received', rootId, 2018, { channel: 'in_person' }), 1);
  assert.equal(await count('requests.completed', rootId, 2018, { timeliness: 'on_time' }), 1);
  assert.equal(await count('requests.completed', rootId, 2018, { timeliness: 'extended' }), 0);
  assert.equal(await count('requests.answer2008', rootId, 2018, { category: 'refuse', reason: 'privacy' }), 1);
  assert.equal(await count('requests.answer2008', rootId, 2018, { category: 'refuse' }), 1);
  assert.equal(await count('requests.outcome', rootId, 2018, { outcome: 'refuse_third_party' }), 1);
});
