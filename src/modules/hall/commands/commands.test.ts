import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { auditHead, TINY_PNG } from '../../../../test/support/hardening.ts';
import { execute } from '../../../platform/command.ts';
import { ForbiddenError, ValidationError } from '../../../kernel/errors.ts';
import type { AppContext } from '../../../platform/context.ts';
import { findOrg } from '../../orgs/index.ts';
import { addSite } from './add-site.ts';
import { updateSite } from './update-site.ts';
import { addWindow } from './add-window.ts';
import { updateWindow } from './update-window.ts';
import { assignStaff } from './assign-staff.ts';
import { unassignStaff } from './unassign-staff.ts';
import { uploadLetter } from './upload-letter.ts';
import { findWindow, lettersOf, siteOfOrg, staffOf, windowByNumber } from '../repo.ts';

/**
 * The hall's guards (services.md §2): each bad input is refused with a Chinese message naming the
 * field, and a refused change writes nothing — no row, no audit entry. On both engines.
 */
let t: TestApp;
let centre: number;
let dept: number;
before(async () => {
  t = await testApp({ demo: true });
  const db = t.app.database.db;
  centre = (await findOrg(db, '洪江区政务服务中心'))!.id;
  dept = (await findOrg(db, '洪江区商务局'))!.id;
});
after(() => t?.close());

/** Runs a command that must be refused on `field`; asserts the message is Chinese and nothing was written. */
async function refused(run: () => Promise<unknown>, field: string, message?: RegExp): Promise<void> {
  const db = t.app.database.db;
  const head = await auditHead(db);
  const counts = async () =>
    Promise.all(
      (['hall_sites', 'hall_site_items', 'hall_windows', 'hall_window_items', 'hall_window_backoffice', 'hall_window_staff', 'hall_letters'] as const).map(
        async (tb) =>
          Number(
            (
              await db
                .selectFrom(tb)
                .select((e) => e.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
      ),
    );
  const before = await counts();
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${String(e)}`);
    const issue = e.issues.find((i) => i.field === field);
    assert.ok(issue, `no issue on ${field}: ${e.message}`);
    assert.match(issue.message, /[\u4e00-\u9fff]/);
    if (message) assert.match(issue.message, message);
    return true;
  });
  assert.equal(await auditHead(db), head, 'the audit trail did not move');
  assert.deepEqual(await counts(), before, 'no row was written');
}

const window = (extra: Record<string, unknown> = {}) => ({
  centreOrgId: centre,
  number: '31',
  name: '测试窗口',
  departmentOrgId: dept,
  kind: 'single',
  chiefName: '测试代表',
  ...extra,
});

test('a window number used twice in the centre is refused on `number`, on creating and on renumbering', async () => {
  await refused(() => execute(t.system, addWindow, window({ number: '01' })), 'number', /窗口编号 01 已被“综合受理窗口”使用/);
  // Lower case is the same number.
  const two = (await windowByNumber(t.app.database.db, centre, '02'))!;
  const w = (await findWindow(t.app.database.db, two.id))!;
  await refused(() => execute(t.system, updateWindow, { ...w, id: w.id, number: '01', kind: w.kind, backofficeOrgIds: [] }), 'number');
  const { id } = await execute(t.system, addWindow, window({ number: 'a31' }));
  assert.equal((await findWindow(t.app.database.db, id))!.number, 'A31');
  await refused(() => execute(t.system, addWindow, window({ number: 'A31' })), 'number');
});

test('a window outside a registered 政务服务中心, a department that is a village, and 并联审批 without back-office departments are refused naming the field', async () => {
  const db = t.app.database.db;
  const township = (await findOrg(db, '常青乡'))!.id;
  const village = (await findOrg(db, '常青乡均冲村'))!.id;
  await refused(() => execute(t.system, addWindow, window({ centreOrgId: township })), 'centreOrgId', /未登记为政务服务中心/);
  await refused(() => execute(t.system, addWindow, window({ departmentOrgId: village })), 'departmentOrgId', /不是部门/);
  await refused(() => execute(t.system, addWindow, window({ parallel: 'on' })), 'backofficeOrgIds', /后台办理部门/);
  await refused(() => execute(t.system, addWindow, window({ chiefUsername: 'nobody-here' })), 'chiefUsername');
  await refused(() => execute(t.system, addWindow, window({ itemCodes: 'HJ-XK-0001-01\n事项甲' })), 'itemCodes', /事项编码格式不对/);
  // The same window with two departments behind it is accepted, its chief by account.
  const back = (await findOrg(db, '洪江区教育局'))!.id;
  const { id } = await execute(
    t.system,
    addWindow,
    window({ number: '32', parallel: 'on', backofficeOrgIds: [String(back), String(dept)], chiefUsername: 'window', chiefName: '' }),
  );
  const w = (await findWindow(db, id))!;
  assert.deepEqual(w.backoffice.map((o) => o.id).sort(), [back, dept].sort());
  assert.equal(w.chiefName, '黄丽');
  assert.ok(w.chiefUserId);
});

test('a station on an org that is not a village or community, and a centre on a village, are refused on `orgId`', async () => {
  const db = t.app.database.db;
  const dept2 = (await findOrg(db, '洪江区财政局'))!.id;
  const village = (await findOrg(db, '常青乡大湾村'))!.id;
  await refused(
    () => execute(t.system, addSite, { orgId: dept2, kind: 'station', name: '财政便民服务站', establishedOn: '2016-01-01' }),
    'orgId',
    /只能设在村、社区/,
  );
  await refused(
    () => execute(t.system, addSite, { orgId: village, kind: 'centre', name: '大湾村便民服务中心', establishedOn: '2016-01-01' }),
    'orgId',
    /便民服务中心（乡镇、街道）只能设在乡、镇、街道办事处/,
  );
  // One site per org.
  const gaopo = (await findOrg(db, '高坡街高坡街社区'))!.id;
  await refused(() => execute(t.system, addSite, { orgId: gaopo, kind: 'station', name: '第二个站', establishedOn: '2016-01-01' }), 'orgId', /已登记/);
  const { id } = await execute(t.system, addSite, {
    orgId: village,
    kind: 'station',
    name: '大湾村便民服务站',
    establishedOn: '2016-01-01',
    itemCodes: 'hj-gf-0005-01',
  });
  assert.deepEqual((await siteOfOrg(db, village))!.itemCodes, ['HJ-GF-0005-01']);
  assert.ok(id);
});

test('closed before (or on) the day it was established is refused on `closedOn`; a mobile number as the office phone on `phone`', async () => {
  const db = t.app.database.db;
  const village = (await findOrg(db, '常青乡新田村'))!.id;
  await refused(
    () => execute(t.system, addSite, { orgId: village, kind: 'station', name: '新田村便民服务站', establishedOn: '2016-05-01', closedOn: '2016-04-30' }),
    'closedOn',
    /应晚于设立日期/,
  );
  await refused(
    () => execute(t.system, addSite, { orgId: village, kind: 'station', name: '新田村便民服务站', establishedOn: '2016-05-01', closedOn: '2016-05-01' }),
    'closedOn',
  );
  const site = (await siteOfOrg(db, (await findOrg(db, '常青乡常青村'))!.id))!;
  await refused(() => execute(t.system, updateSite, { ...site, id: site.id, closedOn: '2010-01-01' }), 'closedOn');
  await refused(() => execute(t.system, updateSite, { ...site, id: site.id, phone: '138 0745 1234' }), 'phone', /不要填写个人手机号码/);
  await refused(() => execute(t.system, addSite, { orgId: village, kind: 'station', name: '新田村便民服务站', establishedOn: '2016-02-30' }), 'establishedOn');
  await refused(
    () => execute(t.system, addSite, { orgId: village, kind: 'station', name: '新田村便民服务站', establishedOn: '2016-05-01', areaM2: '-3' }),
    'areaM2',
  );
});

test('a letter that is not a PDF or an image, or whose name lies about its content, is refused on `file`; a PNG scan is kept', async () => {
  const db = t.app.database.db;
  const w = (await windowByNumber(db, centre, '03'))!;
  await refused(
    () => execute(t.system, uploadLetter, { windowId: w.id, filename: '授权书.pdf', content: new TextEncoder().encode('这不是PDF') }),
    'file',
    /只接受 PDF/,
  );
  await refused(
    () => execute(t.system, uploadLetter, { windowId: w.id, filename: '授权书.pdf', content: new Uint8Array(TINY_PNG) }),
    'file',
    /与内容（PNG）不符/,
  );
  await refused(() => execute(t.system, uploadLetter, { windowId: w.id, filename: '授权书.png', content: new Uint8Array(0) }), 'file', /空的/);
  await refused(
    () =>
      execute(t.system, uploadLetter, {
        windowId: w.id,
        filename: '授权书.pdf',
        content: new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)])),
      }),
    'file',
    /不能超过5MB/,
  );
  const zip = Buffer.from('504b0304140000000000', 'hex');
  await refused(
    () => execute(t.system, uploadLetter, { windowId: w.id, filename: 'letter.zip', content: new Uint8Array(Buffer.concat([zip, Buffer.alloc(100)])) }),
    'file',
  );
  await execute(t.system, uploadLetter, { windowId: w.id, filename: '扫描件.png', content: new Uint8Array(TINY_PNG) });
  const letters = await lettersOf(db, w.id);
  assert.equal(letters[0]!.mime, 'image/png');
  assert.equal(letters.length, 2, 'the demo letter and the scan; the newest first');
});

test('staff are assigned by account, once at a time, and leave on a date kept for the ratings', async () => {
  const db = t.app.database.db;
  const w = (await windowByNumber(db, centre, '04'))!;
  await refused(() => execute(t.system, assignStaff, { windowId: w.id, username: 'nobody' }), 'username', /没有用户名/);
  await execute(t.system, assignStaff, { windowId: w.id, username: 'hall', fromOn: '2026-03-01' });
  await refused(() => execute(t.system, assignStaff, { windowId: w.id, username: 'hall' }), 'username', /已在本窗口工作/);
  const hall = (await staffOf(db, w.id))[0]!;
  await refused(() => execute(t.system, unassignStaff, { windowId: w.id, userId: hall.userId, toOn: '2026-02-01' }), 'toOn');
  await execute(t.system, unassignStaff, { windowId: w.id, userId: hall.userId, toOn: '2026-10-31' });
  assert.deepEqual(
    (await staffOf(db, w.id)).map((s) => [s.fromOn, s.toOn]),
    [['2026-03-01', '2026-10-31']],
  );
  await refused(() => execute(t.system, unassignStaff, { windowId: w.id, userId: hall.userId }), 'userId');
});

test('a manager of one township changes its sites but not the district centre’s windows, and a refusal writes nothing', async () => {
  const db = t.app.database.db;
  const cq = (await findOrg(db, '常青乡'))!;
  const ctx: AppContext = t.app.context({ kind: 'user', userId: null, name: 'cq-hall', grants: [{ role: 'hall_manager', orgPath: cq.path }] as never });
  const head = await auditHead(db);
  await assert.rejects(() => execute(ctx, addWindow, window({ number: '33' })), ForbiddenError);
  const w = (await windowByNumber(db, centre, '05'))!;
  await assert.rejects(() => execute(ctx, uploadLetter, { windowId: w.id, filename: 'a.png', content: new Uint8Array(TINY_PNG) }), ForbiddenError);
  const other = (await findOrg(db, '横岩乡茶溪村'))!.id;
  await assert.rejects(() => execute(ctx, addSite, { orgId: other, kind: 'station', name: '茶溪村便民服务站', establishedOn: '2020-01-01' }), ForbiddenError);
  assert.equal(await auditHead(db), head);
  assert.equal(await windowByNumber(db, centre, '33'), undefined);
  const own = (await findOrg(db, '常青乡茅头园村'))!.id;
  const site = (await siteOfOrg(db, own))!;
  await execute(ctx, updateSite, { ...site, id: site.id, staffCount: 4 });
  assert.equal((await siteOfOrg(db, own))!.staffCount, 4);
});
