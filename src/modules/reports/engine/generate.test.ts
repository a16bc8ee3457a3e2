import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { execute } from '../../../platform/command.ts';
import { defineModule } from '../../../platform/module.ts';
import { modules } from '../../../app/modules.ts';
import { findOrg, listOrgs } from '../../orgs/index.ts';
import { createFormatRegistry } from '../formats/registry.ts';
import type { ReportFormat } from '../formats/types.ts';
import { getCell } from '../report-model.ts';
import { recordActivity, recordConcern, deleteActivity } from '../commands/activities.ts';
import { setFacts } from '../commands/set-fact.ts';
import { saveNarrative, submitReport } from '../commands/workflow.ts';
import { generateReport, unitReport } from './generate.ts';
import { countForOrgs, type BatchMetric } from './batch.ts';
import { reportingTree } from './units.ts';
import '../index.ts';

/**
 * A test format over the activity metrics, a fact and two test metrics — one answering many orgs
 * in one query (countMany), one only org by org — so the roll-up can be checked without the
 * catalogue and requests modules.
 */
const YEAR = 2030;
const testFormat: ReportFormat = {
  id: 'test-rollup',
  title: '测试格式',
  basis: '测试',
  years: { from: YEAR, to: YEAR },
  sections: [
    { key: 'overview', title: '一、总体情况', kind: 'prose' },
    { key: 'tables', title: '二、统计', kind: 'tables', tables: ['t'] },
  ],
  tables: [
    {
      id: 't',
      ref: '统计表',
      title: '统计表',
      stubLabel: '指标',
      section: 'tables',
      unit: '次',
      columns: [{ key: 'value', label: '数' }],
      rows: [
        { key: 'hot', label: '热点', level: 0, rule: { metric: 'activity.hotTopics' } },
        { key: 'press', label: '发布会', level: 0, rule: { metric: 'activity.pressConferences' } },
        { key: 'press_heads', label: '其中主要负责同志', level: 1, rule: { metric: 'activity.pressConferences', params: { leader: 'yes' } } },
        { key: 'resp_social', label: '微博微信回应', level: 0, rule: { metric: 'activity.responses', params: { channel: 'social_media' } } },
        { key: 'resp_other', label: '其他方式回应', level: 0, rule: { metric: 'activity.responses', params: { channel: ['website', 'other'] } } },
        { key: 'trainees', label: '培训人次', level: 0, unit: '人次', rule: { metric: 'activity.trainees' } },
        { key: 'staff', label: '专职人员', level: 0, unit: '人', rule: { manual: 'staff.fullTime' } },
        { key: 'items', label: '条目', level: 0, unit: '条', rule: { metric: 'testing.items' } },
        { key: 'items_web', label: '网站条目', level: 0, unit: '条', rule: { metric: 'testing.items', params: { channel: 'website' } } },
        { key: 'slow', label: '逐个机构统计', level: 0, unit: '件', rule: { metric: 'testing.slow' } },
        { key: 'total', label: '合计', level: 0, rule: { sum: ['press', 'resp_social', 'resp_other'] } },
      ],
    },
  ],
  checks: [{ kind: 'cellsNumeric', rule: 'cells.numeric', severity: 'error' }],
};
const registry = createFormatRegistry([testFormat]);

/** Fake record counts: org id × 10 items, half of them on the website. */
const items: BatchMetric = {
  name: 'testing.items',
  describe: '测试条目',
  async count(_db, q) {
    return q.params.channel === 'website' ? q.orgId * 5 : q.orgId * 10;
  },
  async countMany(_db, q) {
    const ids = q.orgIds ?? [];
    return q.params.map((p) => new Map(ids.map((id) => [id, p.channel === 'website' ? id * 5 : id * 10])));
  },
  async records() {
    return { total: 0, rows: [] };
  },
};
const slowCalls: number[] = [];
const slow: BatchMetric = {
  name: 'testing.slow',
  describe: '测试（无批量统计）',
  async count(_db, q) {
    slowCalls.push(q.orgId);
    return q.orgId % 3 === 0 ? 1 : 0;
  },
  async records() {
    return { total: 0, rows: [] };
  },
};

let t: TestApp;
const ORG_NAMES = ['洪江区管理委员会', '洪江区财政局', '洪江区常青乡人民政府', '常青乡均冲村', '洪江区新街街道办事处', '洪江区政务服务中心'] as const;
const ids = {} as Record<(typeof ORG_NAMES)[number], number>;
before(async () => {
  // The fake metrics come in a module of their own, as any module's would.
  t = await testApp({ demo: true, modules: [...modules, defineModule({ name: 'testing', metrics: [items, slow] })] });
  for (const name of ORG_NAMES) {
    ids[name] = (await findOrg(t.app.database.db, name))!.id;
  }
  const ctx = t.system;
  const act = (orgId: number, kind: string, heldOn: string, extra: Record<string, unknown> = {}) =>
    execute(ctx, recordActivity, { orgId, kind, heldOn, title: `${kind} ${heldOn}`, ...extra });
  const concern = await execute(ctx, recordConcern, { orgId: ids.洪江区管理委员会, title: '自来水价格调整', raisedOn: `${YEAR}-02-01`, isHot: 'on' });
  const quiet = await execute(ctx, recordConcern, { orgId: ids.洪江区财政局, title: '一般咨询', raisedOn: `${YEAR}-02-01` });
  // The same hot concern answered three times, by two orgs, on two channels: counts once.
  await act(ids.洪江区管理委员会, 'response', `${YEAR}-02-03`, { channel: 'website', concernId: concern.id });
  await act(ids.洪江区财政局, 'response', `${YEAR}-02-04`, { channel: 'social_media', concernId: concern.id });
  await act(ids.洪江区财政局, 'response', `${YEAR}-02-05`, { channel: 'other', concernId: quiet.id });
  await act(ids.洪江区管理委员会, 'press_conference', `${YEAR}-03-01`, { leaderPresent: 'on' });
  await act(ids.洪江区常青乡人民政府, 'press_conference', `${YEAR}-04-01`);
  // A village's activity counts in its township's report.
  await act(ids.常青乡均冲村, 'training', `${YEAR}-05-01`, { participants: 20 });
  await act(ids.洪江区新街街道办事处, 'training', `${YEAR}-05-02`, { participants: 15 });
  // Outside the year, and deleted: count nowhere.
  await act(ids.洪江区财政局, 'press_conference', `${YEAR - 1}-12-31`);
  const gone = await act(ids.洪江区财政局, 'press_conference', `${YEAR}-06-01`);
  await execute(ctx, deleteActivity, { id: gone.id, reason: '重复录入' });
  await execute(ctx, setFacts, { orgId: ids.洪江区管理委员会, year: YEAR, values: { 'staff.fullTime': '2' } });
  await execute(ctx, setFacts, { orgId: ids.洪江区财政局, year: YEAR, values: { 'staff.fullTime': '1' } });
  // A later entry supersedes the earlier one.
  await execute(ctx, setFacts, { orgId: ids.洪江区财政局, year: YEAR, values: { 'staff.fullTime': '3' } });
});
after(() => t?.close());

const cell = (r: Awaited<ReturnType<typeof generateReport>>, row: string) => getCell(r.report, 't', row, 'value');

test('activities are counted once each, for the org that held them, in the year they happened', async () => {
  const fin = await generateReport(t.system, ids.洪江区财政局, YEAR, { registry });
  assert.equal(cell(fin, 'press'), 0, 'the deleted and last-year conferences do not count');
  assert.equal(cell(fin, 'resp_social'), 1);
  assert.equal(cell(fin, 'resp_other'), 1);
  assert.equal(cell(fin, 'hot'), 0, 'the hot concern belongs to the org that recorded it');
  assert.equal(cell(fin, 'staff'), 3, 'the newest fact entry wins');
  const changqing = await generateReport(t.system, ids.洪江区常青乡人民政府, YEAR, { registry });
  assert.equal(cell(changqing, 'trainees'), 20, "the village's training counts in the township");
  assert.equal(cell(changqing, 'press'), 1);
});

test("the district's report is its own work plus every department's and township's, and a hot concern answered three ways counts once", async () => {
  const g = await generateReport(t.system, ids.洪江区管理委员会, YEAR, { registry });
  assert.equal(cell(g, 'hot'), 1);
  assert.equal(cell(g, 'press'), 2);
  assert.equal(cell(g, 'press_heads'), 1);
  assert.equal(cell(g, 'resp_social'), 1);
  assert.equal(cell(g, 'resp_other'), 2);
  assert.equal(cell(g, 'trainees'), 35);
  assert.equal(cell(g, 'staff'), 5);
  assert.equal(cell(g, 'total'), 5);
  // The test metrics: the district sums every org of its subtree.
  const orgs = await listOrgs(t.app.database.db, { includeInactive: true });
  const all = orgs.map((o) => o.id);
  assert.equal(
    cell(g, 'items'),
    all.reduce((a, id) => a + id * 10, 0),
  );
  assert.equal(
    cell(g, 'items_web'),
    all.reduce((a, id) => a + id * 5, 0),
  );
  assert.equal(cell(g, 'slow'), all.filter((id) => id % 3 === 0).length);
  // The sum of the parts equals the whole: each live unit's report adds up to the district's.
  const live = g.parts.filter((p) => p.kind === 'live');
  assert.equal(live.length, g.parts.length);
  let sum = 0;
  for (const p of live) if (p.kind === 'live') sum += getCell(await unitReport(g, p.unit), 't', 'items', 'value') ?? 0;
  assert.equal(sum, cell(g, 'items'));
});

test('a metric without countMany is asked org by org and gives the same figures', async () => {
  const orgIds = [ids.洪江区财政局, ids.洪江区常青乡人民政府, ids.常青乡均冲村];
  slowCalls.length = 0;
  const [m] = await countForOrgs(t.app.database.db, slow, YEAR, orgIds, [{}]);
  assert.ok(m);
  assert.deepEqual([...slowCalls].sort(), [...orgIds].sort());
  for (const id of orgIds) assert.equal(m.get(id) ?? 0, id % 3 === 0 ? 1 : 0);
  const [many] = await countForOrgs(t.app.database.db, items, YEAR, orgIds, [{ channel: 'website' }]);
  assert.ok(many);
  assert.deepEqual([...many.keys()].sort(), [...orgIds].sort(), 'countMany answers only the orgs asked');
});

test('villages and communities fold into the body above them; departments, townships and streets report', async () => {
  const orgs = await listOrgs(t.app.database.db, { includeInactive: true });
  const tree = reportingTree(orgs, ids.洪江区管理委员会, ['government', 'department', 'township', 'town', 'street', 'institution']);
  const changqing = tree.children.find((u) => u.org.id === ids.洪江区常青乡人民政府)!;
  assert.ok(changqing.members.includes(ids.常青乡均冲村));
  assert.equal(changqing.children.length, 0);
  const centre = tree.children.find((u) => u.org.id === ids.洪江区政务服务中心)!;
  assert.equal(centre.members.length, 6, 'the service centre counts its five branch centres');
  assert.equal(tree.members.length, 1);
});

test("a child's submitted report stands in for its live figures, and placeholders in the prose stay live", async () => {
  const db = t.app.database.db;
  const fin = ids.洪江区财政局;
  await execute(t.system, saveNarrative, {
    orgId: ids.洪江区管理委员会,
    year: YEAR,
    sections: {
      overview:
        '{{year}}年共举办新闻发布会{{activity.pressConferences}}次，培训{{activity.trainees}}人次，专职人员{{staff.fullTime}}人。{{^activity.hearings}}全年未举行听证会。{{/activity.hearings}}{{bogus.name}}',
    },
  });
  const before = await generateReport(t.system, ids.洪江区管理委员会, YEAR, { registry });
  assert.equal(before.report.sections[0]!.text, `${YEAR}年共举办新闻发布会2次，培训35人次，专职人员5人。全年未举行听证会。【?bogus.name】`);
  assert.ok(before.report.checks.some((c) => c.rule === 'narrative.placeholder' && c.message.includes('bogus.name')));

  // The department submits (with the registry's format, as the engine would for its year).
  const submitted = await generateReport(t.system, fin, YEAR, { registry });
  assert.equal(submitted.report.checks.filter((c) => c.severity === 'error').length, 0);
  await db
    .insertInto('annual_reports')
    .values({
      org_id: fin,
      parent_org_id: ids.洪江区管理委员会,
      org_code: '',
      org_name: '洪江区财政局',
      year: YEAR,
      format: testFormat.id,
      status: 'submitted',
      source: 'platform',
      narrative: '{}',
      narrative_updated_at: null,
      narrative_updated_by: null,
      snapshot: JSON.stringify(submitted.report),
      submitted_at: 'x',
      submitted_by: 'x',
      decided_at: null,
      decided_by: null,
      comment: '',
      published_at: null,
      created_at: 'x',
      updated_at: 'x',
    })
    .execute();
  // A record added after submission changes the department's live figures but not what it filed.
  await execute(t.system, recordActivity, { orgId: fin, kind: 'press_conference', heldOn: `${YEAR}-07-01`, title: '补录的发布会' });
  const after = await generateReport(t.system, ids.洪江区管理委员会, YEAR, { registry });
  assert.equal(cell(after, 'press'), 2, 'the filed figures are summed');
  assert.ok(after.parts.some((p) => p.kind === 'filed' && p.unit.org.id === fin));
  const live = await generateReport(t.system, ids.洪江区管理委员会, YEAR, { registry, useFiled: false });
  assert.equal(cell(live, 'press'), 3);
  assert.match(live.report.sections[0]!.text, /新闻发布会3次/);
});

test('submitting is refused while a check fails with an error, naming the rule; warnings do not block', async () => {
  t.app.ports.reportFormats = createFormatRegistry([
    {
      ...testFormat,
      checks: [
        ...testFormat.checks,
        {
          kind: 'equation',
          rule: 'test.headsOnly',
          severity: 'error',
          description: '发布会均应由主要负责同志参加',
          table: 't',
          each: 'col',
          left: [{ row: 'press' }],
          right: [{ row: 'press_heads' }],
        },
      ],
    },
  ]);
  try {
    const root = ids.洪江区管理委员会;
    await assert.rejects(execute(t.system, submitReport, { orgId: root, year: YEAR }), (e: Error) => {
      assert.match(e.message, /test\.headsOnly/);
      return true;
    });
    const stored = await t.app.database.db.selectFrom('annual_reports').select('status').where('org_id', '=', root).where('year', '=', YEAR).executeTakeFirst();
    assert.equal(stored?.status, 'draft', 'nothing changed');
    // The street office has only warnings (facts not entered): it may submit.
    const street = ids.洪江区新街街道办事处;
    const r = await execute(t.system, submitReport, { orgId: street, year: YEAR });
    assert.ok(r.warnings > 0);
  } finally {
    t.app.ports.reportFormats = createFormatRegistry([testFormat]);
  }
});
