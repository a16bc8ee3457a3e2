import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { auditHead } from '../../../test/support/hardening.ts';
import { execute } from '../../platform/command.ts';
import { ValidationError, ForbiddenError } from '../../kernel/errors.ts';
import type { AppContext } from '../../platform/context.ts';
import { findOrg } from '../orgs/index.ts';
import { missingElements, type GuideElements } from './completeness.ts';
import { newVersion } from './commands/new-version.ts';
import { createItem } from './commands/create-item.ts';
import { demoPdf } from './demo.ts';
import { findItemByCode, incompleteGuides, versionsOf } from './repo.ts';

/**
 * The guides' rules on both engines: the version in force around an effective date (through the
 * guideVersions port), the completeness check naming exactly what a guide lacks, and bad input
 * refused naming the field while nothing is written.
 */
let t: TestApp;
before(async () => {
  t = await testApp({ demo: true });
});
after(() => t?.close());

const db = () => t.app.database.db;

async function refused(run: () => Promise<unknown>, field: string, message: RegExp): Promise<void> {
  const head = await auditHead(db());
  const counts = async () => [
    Number(
      (
        await db()
          .selectFrom('guide_versions')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    Number(
      (
        await db()
          .selectFrom('guide_files')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    Number(
      (
        await db()
          .selectFrom('service_items')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  ];
  const before = await counts();
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `a ValidationError, got ${(e as Error).message}`);
    const issue = e.issues.find((i) => i.field === field);
    assert.ok(issue, `names ${field}: ${JSON.stringify(e.issues)}`);
    assert.match(issue.message, message);
    return true;
  });
  assert.deepEqual(await counts(), before, 'nothing written');
  assert.equal(await auditHead(db()), head, 'no audit entry');
}

async function baseInput(code: string) {
  const item = (await findItemByCode(db(), code))!;
  const v = (await versionsOf(db(), item.id)).at(-1)!;
  return {
    itemId: item.id,
    effectiveFrom: '2027-03-01',
    implementingBody: v.implementingBody,
    legalBasis: v.legalBasis,
    conditions: v.conditions,
    procedure: v.procedure,
    legalDays: v.legalDays,
    promisedDays: v.promisedDays,
    feeCharged: v.feeCharged,
    feeYuan: v.feeFen === null ? null : v.feeFen / 100,
    feeBasis: v.feeBasis,
    place: v.place,
    hours: v.hours,
    visits: v.visits,
    onlineDepth: v.onlineDepth,
    mustOnline: v.mustOnline,
    consultPhone: v.consultPhone,
    complaintPhone: v.complaintPhone,
    specialSteps: v.specialSteps,
    resultDoc: v.resultDoc,
    materials: v.materials,
    uploads: [] as Array<{ material: number; role: 'form' | 'sample'; filename: string; content: Uint8Array }>,
    note: '',
  };
}

test('the port gives the version in force around each effective date (2016, 2025, a future one)', async () => {
  const port = t.app.ports.guideVersions;
  assert.equal(await port.inForce(db(), 'HJ-XK-0001-01', '2015-12-31'), null, 'no guide before the first version');
  const v2016 = await port.inForce(db(), 'HJ-XK-0001-01', '2016-01-01');
  assert.equal(v2016?.version, 1);
  assert.equal(v2016?.promisedDays, 5);
  assert.equal((await port.inForce(db(), 'HJ-XK-0001-01', '2024-12-31'))?.promisedDays, 5, 'the day before the 2025 version');
  const v2025 = await port.inForce(db(), 'HJ-XK-0001-01', '2025-01-01');
  assert.equal(v2025?.version, 2);
  assert.equal(v2025?.promisedDays, 3);
  assert.equal(v2025?.legalDays, 15);
  assert.equal(v2025?.itemName, '个体工商户设立登记');
  assert.equal(v2025?.orgId, (await findOrg(db(), '洪江区政务服务中心市场监管分中心'))!.id);
  assert.equal(await port.inForce(db(), 'HJ-NONE-01', '2025-01-01'), null, 'an unknown code');

  // A new version effective in the future: the old one holds until the day before.
  const input = await baseInput('HJ-XK-0001-01');
  const r = await execute(t.system, newVersion, { ...input, effectiveFrom: '2027-03-01', promisedDays: 2 });
  assert.equal(r.version, 3);
  assert.equal((await port.inForce(db(), 'HJ-XK-0001-01', '2027-02-28'))?.promisedDays, 3);
  assert.equal((await port.inForce(db(), 'HJ-XK-0001-01', '2027-03-01'))?.promisedDays, 2);
  assert.equal((await versionsOf(db(), input.itemId)).length, 3, 'old versions are kept');

  const food = await port.inForce(db(), 'HJ-XK-0002-01', '2026-11-27');
  assert.deepEqual(food?.specialSteps, [{ name: '现场核查', counts: false }]);
  const fund = await port.inForce(db(), 'HJ-GF-0007-01', '2026-11-27');
  assert.equal(fund?.mustHandleOnline, true);
  assert.equal(fund?.onlineDepth, '全程网办');
  assert.equal(fund?.visits, 0);
  const land = await port.inForce(db(), 'HJ-QT-0004-01', '2026-11-27');
  assert.deepEqual(land?.fee.charged, true);
  assert.equal(land?.fee.amountYuan, 80);
});

test('the eight demo items carry the contract’s codes and limits', async () => {
  const want: Array<[string, number, number]> = [
    ['HJ-XK-0001-01', 15, 3],
    ['HJ-XK-0002-01', 20, 10],
    ['HJ-XK-0003-01', 20, 7],
    ['HJ-QT-0004-01', 30, 10],
    ['HJ-GF-0005-01', 30, 20],
    ['HJ-QR-0006-01', 20, 5],
    ['HJ-GF-0007-01', 3, 1],
    ['HJ-XK-0008-01', 90, 30],
  ];
  for (const [code, legal, promised] of want) {
    const v = await t.app.ports.guideVersions.inForce(db(), code, '2026-11-27');
    assert.deepEqual([v?.legalDays, v?.promisedDays], [legal, promised], code);
  }
});

const COMPLETE: GuideElements = {
  itemName: '个体工商户设立登记',
  itemCode: 'HJ-XK-0001-01',
  itemType: '行政许可',
  orgName: '市场监管分中心',
  implementingBody: '市场监管分中心',
  legalBasis: '条例',
  conditions: '条件',
  materials: [{ name: '申请书', source: '', copies: '', note: '', needsForm: true, formFileId: 1, sampleFileId: 2 }],
  procedure: '流程',
  legalDays: 15,
  promisedDays: 3,
  feeCharged: false,
  feeFen: null,
  feeBasis: '',
  place: '一楼',
  hours: '工作日',
  visits: 1,
  onlineDepth: '网上预审',
  consultPhone: '0745-7631001',
  complaintPhone: '0745-7631012',
  specialSteps: [],
  resultDoc: '营业执照',
};

test('the completeness check lists exactly the missing elements', async () => {
  assert.deepEqual(missingElements(COMPLETE), []);
  const some = missingElements({
    ...COMPLETE,
    legalBasis: ' ',
    hours: '',
    complaintPhone: '',
    feeCharged: true,
    materials: [
      { ...COMPLETE.materials[0]!, sampleFileId: null },
      { name: '身份证', source: '', copies: '', note: '', needsForm: false, formFileId: null, sampleFileId: null },
    ],
  });
  assert.deepEqual(
    some.map((m) => m.label),
    ['设定依据', '申请材料“申请书”的示例样表', '收费标准', '收费依据', '办理时间', '投诉电话'],
  );
  assert.deepEqual(
    missingElements({ ...COMPLETE, materials: [], resultDoc: '', conditions: '' }).map((m) => m.key),
    ['conditions', 'materials', 'resultDoc'],
  );
  // The demo's deliberately incomplete guide, and only it.
  const list = await incompleteGuides(db(), '2026-11-27');
  assert.deepEqual(
    list.map((x) => [x.item.code, x.missing.map((m) => m.label)]),
    [['HJ-XK-0003-01', ['申请材料“酒类商品零售许可申请表”的示例样表', '办理时间', '投诉电话']]],
  );
});

test('bad input is refused naming the field, and nothing is written', async () => {
  const input = await baseInput('HJ-XK-0002-01');
  await refused(
    () => execute(t.system, newVersion, { ...input, legalDays: 20, promisedDays: 21 }),
    'promisedDays',
    /承诺办结时限（21个工作日）不能超过法定办结时限（20个工作日）/,
  );
  await refused(() => execute(t.system, newVersion, { ...input, legalDays: -1, promisedDays: 0 }), 'legalDays', /法定办结时限不能为负数/);
  await refused(() => execute(t.system, newVersion, { ...input, promisedDays: -3 }), 'promisedDays', /承诺办结时限不能为负数/);
  await refused(() => execute(t.system, newVersion, { ...input, visits: 1.5 }), 'visits', /到现场次数应为整数/);
  await refused(() => execute(t.system, newVersion, { ...input, effectiveFrom: '2025-01-01' }), 'effectiveFrom', /已有一个版本自 2025-01-01 起生效/);
  await refused(() => execute(t.system, newVersion, { ...input, consultPhone: 'call me' }), 'consultPhone', /咨询电话只能填写办公电话号码/);
  // Uploads: an executable named .pdf, a PDF named .docx, a plain text file.
  const exe = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]));
  await refused(
    () => execute(t.system, newVersion, { ...input, uploads: [{ material: 0, role: 'form', filename: '申请书.pdf', content: exe }] }),
    'materials.0.form',
    /空白表格《申请书\.pdf》的实际内容(是 EXE 文件|无法识别)，只接受 PDF、Word（DOC\/DOCX）、Excel（XLS\/XLSX）和图片/,
  );
  await refused(
    () => execute(t.system, newVersion, { ...input, uploads: [{ material: 1, role: 'sample', filename: '样表.docx', content: new Uint8Array(demoPdf('x')) }] }),
    'materials.1.sample',
    /扩展名“\.docx”与文件内容不符/,
  );
  await refused(
    () =>
      execute(t.system, newVersion, { ...input, uploads: [{ material: 0, role: 'form', filename: 'a.txt', content: new Uint8Array(Buffer.from('纯文本')) }] }),
    'materials.0.form',
    /无法识别/,
  );
  await refused(
    () => execute(t.system, newVersion, { ...input, materials: [{ ...input.materials[0]!, formFileId: 999999 }] }),
    'materials.0.form',
    /不是本指南已有的文件/,
  );
  const org = (await findOrg(db(), '洪江区商务局'))!.id;
  const sub = (await findItemByCode(db(), 'HJ-XK-0003-0'))!.id;
  await refused(
    () => execute(t.system, createItem, { level: 'task', code: 'HJ-T-1', name: '无类型', itemType: '行政许可', orgId: org, parentId: sub }),
    'kind',
    /须选择办理项类型/,
  );
  await refused(() => execute(t.system, createItem, { level: 'main', code: 'HJ-XK-0003', name: '重复', itemType: '行政许可', orgId: org }), 'code', /已被使用/);
  await refused(
    () => execute(t.system, createItem, { level: 'main', code: 'HJ-P-1', name: '并联', itemType: '行政许可', orgId: org, parallel: true }),
    'parallelOrgIds',
    /须选择后台办理的部门/,
  );
  await refused(
    () => execute(t.system, createItem, { level: 'sub', code: 'HJ-P-2', name: '无上级', itemType: '行政许可', orgId: org }),
    'parentId',
    /须选择上级事项/,
  );
});

test('a change outside the actor’s org subtree is refused and writes nothing', async () => {
  const township = (await findOrg(db(), '洪江区常青乡人民政府'))!;
  const ctx: AppContext = t.app.context({
    kind: 'user',
    userId: 1,
    name: 'hall-out',
    grants: [{ role: 'hall_manager', orgId: township.id, orgPath: township.path }],
  });
  const input = await baseInput('HJ-XK-0008-01');
  const head = await auditHead(db());
  await assert.rejects(() => execute(ctx, newVersion, { ...input, effectiveFrom: '2027-05-01' }), ForbiddenError);
  await assert.rejects(() => execute(ctx, createItem, { level: 'main', code: 'HJ-OUT-1', name: '越权', itemType: '行政许可', orgId: 2 }), ForbiddenError);
  assert.equal(await auditHead(db()), head);
  // Inside the grant it goes through.
  const r = await execute(ctx, createItem, { level: 'main', code: 'HJ-CQ-0001', name: '常青乡事项', itemType: '公共服务', orgId: township.id });
  assert.ok(r.id > 0);
});
