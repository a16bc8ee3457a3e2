import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient, type Resp } from '../support/app.ts';
import { auditHead, findForm, formValues, linksOf, pageMessage, scrapeForms, TINY_PNG } from '../support/hardening.ts';
import { ROLES, type Role } from '../../src/platform/authz/roles.ts';
import { execute } from '../../src/platform/command.ts';
import { addUser } from '../../src/modules/identity/index.ts';
import { ANONYMOUS, systemActor } from '../../src/platform/context.ts';
import { generateReport } from '../../src/modules/reports/engine/generate.ts';
import { reportToJson } from '../../src/modules/reports/io/json.ts';
import { findingKey } from '../../src/modules/catalogue/personal-data.ts';
import { z } from 'zod';
import { defineCommand } from '../../src/platform/command.ts';
import { answerNotice, issueNotice } from '../../src/modules/supervision/index.ts';

/**
 * The authorisation matrix (issue 6, item 4): every route of the route table × every role held at
 * the root (inside: the subject lies in the grant's subtree) × the same role held only on 常青乡
 * (outside: subjects are elsewhere in the district) × anonymous. Each cell's expected answer comes
 * from EXPECTED below, written by hand: a route added without an entry fails the test, and so does
 * any cell whose answer drifts. POST cells send valid inputs for a subject outside 常青乡, so the
 * subject-level checks inside commands are exercised, not only the route's coarse policy check;
 * a refused cell must leave the audit chain head unchanged.
 */

type Actor = 'anonymous' | Role | `${Role}@常青乡`;
type Outside = 'allow' | 'deny';

interface Sample {
  url: string;
  form?: Record<string, string>;
  file?: { name: string; bytes: Buffer };
  /** Run with the cell's client before the request (e.g. open a tracking session). */
  before?: (c: TestClient) => Promise<void>;
}

interface Expect {
  /** Who passes: everyone (incl. anonymous), any signed-in user, or these roles. */
  allow: 'public' | 'signedIn' | readonly Role[];
  /** A role held only on 常青乡, for a subject elsewhere: refused (the subject is out of scope) or allowed (no subject, or a list scoped to the grant). */
  outside?: Outside;
  /** The URL and inputs (for routes with parameters, and every POST). */
  sample?: (x: Ctx) => Promise<Sample>;
  /** An allowed POST uses its subject up (a state transition): the next cell gets a fresh one. */
  consumes?: boolean;
  /** The cell needs its own session (it ends or replaces it). */
  ownSession?: boolean;
}

interface Ctx {
  s: TestServer;
  office: TestClient;
  admin: TestClient;
  n: () => number;
}

const ORG = 2; // 洪江区管理委员会办公室: outside 常青乡 (/1/21/), inside the root grants (/1/)
const TOWNSHIP_A = 27; // 洪江区横岩乡人民政府
const TOWNSHIP_B = 33; // 洪江区桂花园乡人民政府
const TODAY = '2026-11-27';
const VIEW_REPORTS: readonly Role[] = ['admin', 'office', 'editor', 'reviewer', 'handler', 'supervisor', 'auditor'];
const VIEW_SUPERVISION: readonly Role[] = ['supervisor', 'auditor', 'hall_manager', 'window', 'office', 'admin'];

// ——— subject factories (through the real forms, as the office or the administrator) ————————————————

async function ok(r: Resp, what: string): Promise<Resp> {
  assert.ok(r.status === 303 || r.status === 200, `${what}: ${r.status} ${pageMessage(r.body)}`);
  return r;
}

async function newItem(
  x: Ctx,
  state: 'draft' | 'submitted' | 'approved' | 'published' | 'returned' | 'withdrawn',
  opts: { attachment?: boolean; body?: string } = {},
): Promise<number> {
  const c = x.office;
  const r = await ok(
    await c.post(
      '/admin/catalogue',
      {
        orgId: ORG,
        columnId: 1,
        title: `矩阵测试信息${x.n()}`,
        body: opts.body ?? '矩阵测试正文。',
        formedOn: '2026-11-20',
        topic: '综合政务/政务公开',
        genre: '通知',
      },
      { csrf: await c.token() },
    ),
    'create item',
  );
  const id = Number(/\/admin\/catalogue\/(\d+)/.exec(r.location ?? '')![1]);
  if (opts.attachment)
    await ok(
      await c.postMultipart(`/admin/catalogue/${id}/attachments`, {}, [{ field: 'file', name: '附件.png', bytes: TINY_PNG, type: 'image/png' }], {
        csrf: await c.token(),
      }),
      'attach',
    );
  if (state === 'draft') return id;
  await ok(await c.post(`/admin/catalogue/${id}/submit`, {}, { csrf: await c.token() }), 'submit');
  if (state === 'submitted') return id;
  if (state === 'returned') {
    await ok(await c.post(`/admin/catalogue/${id}/return`, { reason: '请补充' }, { csrf: await c.token() }), 'return');
    return id;
  }
  await ok(await c.post(`/admin/catalogue/${id}/approve`, { publish: state === 'approved' ? '0' : '1' }, { csrf: await c.token() }), 'approve');
  if (state === 'withdrawn') await ok(await c.post(`/admin/catalogue/${id}/withdraw`, { reason: '测试撤回' }, { csrf: await c.token() }), 'withdraw');
  return id;
}

function application(key: string, n: number): Record<string, string> {
  return {
    idempotencyKey: key,
    orgId: '1',
    applicantType: 'natural',
    applicantName: `申请人${n}`,
    idType: 'resident_id',
    idNumber: '431202198504120032',
    phone: '13700001111',
    infoName: `矩阵测试申请${n}`,
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    step: 'submit',
  };
}

/** A public application (state submitted), optionally taken further by the office. */
async function newRequest(
  x: Ctx,
  state: 'submitted' | 'received' | 'correction_requested' | 'decided' = 'submitted',
): Promise<{ id: number; code: string; name: string }> {
  const anon = x.s.client();
  const n = x.n();
  const key = `matrix-${n}-${Math.random().toString(36).slice(2, 10)}`;
  await ok(await anon.post('/requests/apply', application(key, n), { csrf: await anon.token() }), 'apply');
  const row = await x.s.app.database.db.selectFrom('requests').select(['id', 'query_code']).where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  const id = Number(row.id);
  const c = x.office;
  if (state !== 'submitted') await ok(await c.post(`/admin/requests/${id}/confirm`, { receivedOn: TODAY }, { csrf: await c.token() }), 'confirm');
  if (state === 'correction_requested')
    await ok(
      await c.post(`/admin/requests/${id}/correction`, { noticeOn: TODAY, items: '请写明文件名称', periodDays: '15' }, { csrf: await c.token() }),
      'correction',
    );
  if (state === 'decided')
    await ok(
      await c.post(`/admin/requests/${id}/decide`, { choice: 'disclose:disclosable', value0: '见附件', decidedOn: TODAY }, { csrf: await c.token() }),
      'decide',
    );
  return { id, code: row.query_code, name: `申请人${n}` };
}

async function newUser(x: Ctx): Promise<number> {
  const c = x.admin;
  const r = await ok(
    await c.post(
      '/admin/users',
      { username: `matrix${x.n()}`, displayName: '矩阵测试', orgId: String(ORG), password: 'Matrix@Test-2026', role: 'editor' },
      { csrf: await c.token() },
    ),
    'add user',
  );
  return Number(/\/admin\/users\/(\d+)/.exec(r.location ?? '')![1]);
}

async function newOrg(x: Ctx): Promise<number> {
  const c = x.admin;
  const n = x.n();
  const r = await ok(
    await c.post(
      '/admin/orgs',
      { parentId: String(TOWNSHIP_A), kind: 'village', name: `矩阵测试村${n}`, shortName: `矩阵${n}`, sortOrder: '900' },
      { csrf: await c.token() },
    ),
    'add org',
  );
  return Number(/\/admin\/orgs\/(\d+)/.exec(r.location ?? '')![1]);
}

/** A report file from an agency not on the platform (the 2025 report of 财政局 under another name). */
async function externalReport(x: Ctx): Promise<Buffer> {
  const g = await generateReport(x.s.app.context(systemActor()), 7, 2025);
  const json = JSON.parse(reportToJson(g.report)) as { org: { code: string; name: string } };
  json.org = { code: '', name: `洪江区矩阵测试局${x.n()}` };
  return Buffer.from(JSON.stringify(json));
}

/** Orgs that report (not 常青乡's subtree) without a stored 2025 report yet, handed out in turn. */
let reportOrgs: number[] = [];
async function draftReport(x: Ctx, state: 'draft' | 'submitted'): Promise<number> {
  const org = reportOrgs.shift();
  assert.ok(org, 'ran out of orgs for fresh reports');
  if (state === 'submitted') await ok(await x.office.post(`/admin/reports/${org}/2025/submit`, {}, { csrf: await x.office.token() }), 'submit report');
  return org;
}

async function formOn(
  c: TestClient,
  page: string,
  action: string,
  overrides: Record<string, string> = {},
  fillSelects = true,
): Promise<Record<string, string>> {
  const p = await c.get(page);
  const f = findForm(p.body, action);
  assert.ok(f, `no form posting to ${action} on ${page} (${p.status})`);
  const v = formValues(f, { fillSelects });
  delete v._csrf;
  return { ...v, ...overrides };
}

async function linkOn(c: TestClient, page: string, re: RegExp): Promise<string> {
  const p = await c.get(page);
  const l = linksOf(p.body, page).find((h) => re.test(h));
  assert.ok(l, `no link matching ${re} on ${page} (${p.status})`);
  return l;
}

// ——— fixed subjects for GET routes (created once) ——————————————————————————————————————————————

interface Fixed {
  draftItem: number;
  publishedItem: number;
  indexNo: string;
  attachmentId: number;
  publicFile: string;
  request: number;
  receivedRequest: number;
  decided: { id: number; code: string; name: string };
  requestAttachment: string;
  appeal: number;
  activity: number;
}
let fixed: Fixed;

// ——— the expectations: one entry per route, by hand ————————————————————————————————————————————

const EXPECTED: Record<string, Expect> = {
  // platform pages
  'GET /': { allow: 'public' },
  'GET /prefs/script': { allow: 'public', sample: async () => ({ url: '/prefs/script?to=hant&back=/' }) },
  'GET /prefs/a11y': { allow: 'public', sample: async () => ({ url: '/prefs/a11y?to=large&back=/' }) },
  'GET /healthz': { allow: 'public' },
  'GET /robots.txt': { allow: 'public' },
  'GET /accessibility': { allow: 'public' },
  'GET /admin': { allow: 'signedIn', outside: 'allow' },
  'GET /admin/calendar': { allow: 'signedIn', outside: 'allow' },
  // The working-day calendar and settings are district-wide: only a grant at the root may change them.
  'POST /admin/calendar': {
    allow: ['admin'],
    outside: 'deny',
    sample: async () => ({ url: '/admin/calendar', form: { date: '2027-02-01', kind: 'holiday', reason: '矩阵测试' } }),
  },
  'POST /admin/calendar/year': {
    allow: ['admin'],
    outside: 'deny',
    sample: async () => ({ url: '/admin/calendar/year', form: { year: '2027', source: '国办发明电〔2026〕1号' } }),
  },
  'POST /admin/calendar/notice': {
    allow: ['admin'],
    outside: 'deny',
    sample: async () => ({
      url: '/admin/calendar/notice',
      form: { notice_year: '2027', notice_source: '国办发明电〔2026〕1号', text: '2027-01-01 holiday 元旦', step: 'import' },
    }),
  },
  'GET /admin/audit': { allow: ['admin', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/audit/export.xlsx': { allow: ['admin', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/settings': { allow: 'signedIn', outside: 'allow' },
  'POST /admin/settings': {
    allow: ['admin', 'office'],
    outside: 'deny',
    sample: async (x) => ({ url: '/admin/settings', form: await formOn(x.admin, '/admin/settings', '/admin/settings') }),
  },
  // orgs
  'GET /admin/orgs': { allow: 'signedIn', outside: 'allow' },
  'POST /admin/orgs': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/orgs',
      form: { parentId: '1', kind: 'department', name: `矩阵新机构${x.n()}`, shortName: `新${x.n()}`, sortOrder: '901' },
    }),
  },
  'GET /admin/orgs/:id': { allow: 'signedIn', outside: 'allow', sample: async () => ({ url: `/admin/orgs/${ORG}` }) },
  'POST /admin/orgs/:id': {
    allow: ['admin'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/orgs/${ORG}`, form: await formOn(x.admin, `/admin/orgs/${ORG}`, `/admin/orgs/${ORG}`) }),
  },
  'POST /admin/orgs/:id/move': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/orgs/${await newOrg(x)}/move`, form: { parentId: String(TOWNSHIP_B) } }),
  },
  // identity
  'GET /admin/login': { allow: 'public' },
  'POST /admin/login': {
    allow: 'public',
    ownSession: true,
    sample: async () => ({ url: '/admin/login', form: { username: 'auditor', password: 'Hongjiang@2016' } }),
  },
  'POST /admin/logout': { allow: 'signedIn', outside: 'allow', ownSession: true, sample: async () => ({ url: '/admin/logout', form: {} }) },
  'GET /admin/account': { allow: 'signedIn', outside: 'allow' },
  'POST /admin/account': {
    allow: 'signedIn',
    outside: 'allow',
    ownSession: true,
    sample: async () => ({ url: '/admin/account', form: { currentPassword: 'Hongjiang@2016', password: 'Hongjiang@2016' } }),
  },
  'GET /admin/users': { allow: ['admin', 'auditor'], outside: 'allow' },
  'POST /admin/users': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/users',
      form: { username: `matrixnew${x.n()}`, displayName: '新用户', orgId: String(ORG), password: 'Matrix@Test-2026', role: 'editor' },
    }),
  },
  'GET /admin/users/:id': { allow: ['admin', 'auditor'], outside: 'deny', sample: async (x) => ({ url: `/admin/users/${await newUser(x)}` }) },
  'POST /admin/users/:id/disable': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/users/${await newUser(x)}/disable`, form: {} }),
  },
  'POST /admin/users/:id/enable': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newUser(x);
      await ok(await x.admin.post(`/admin/users/${id}/disable`, {}, { csrf: await x.admin.token() }), 'disable');
      return { url: `/admin/users/${id}/enable`, form: {} };
    },
  },
  'POST /admin/users/:id/unlock': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newUser(x);
      // Locked as failed logins from many addresses would lock it (issue 9, item 8).
      await x.s.app.database.db
        .updateTable('users')
        .set({ locked_until: new Date(x.s.clock.now().getTime() + 86_400_000).toISOString() })
        .where('id', '=', id)
        .execute();
      return { url: `/admin/users/${id}/unlock`, form: {} };
    },
  },
  'POST /admin/users/:id/password': {
    allow: ['admin'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/users/${await newUser(x)}/password`, form: { password: 'Another@Pass-2026' } }),
  },
  'POST /admin/users/:id/grant': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/users/${await newUser(x)}/grant`, form: { role: 'reviewer', orgId: String(ORG) } }),
  },
  'POST /admin/users/:id/revoke': {
    allow: ['admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newUser(x);
      return { url: `/admin/users/${id}/revoke`, form: await formOn(x.admin, `/admin/users/${id}`, `/admin/users/${id}/revoke`) };
    },
  },
  // requests: portal
  'GET /requests': { allow: 'public' },
  'GET /requests/apply': { allow: 'public' },
  'POST /requests/apply': {
    allow: 'public',
    sample: async (x) => ({ url: '/requests/apply', form: application(`matrix-apply-${x.n()}-${Math.random().toString(36).slice(2, 10)}`, x.n()) }),
  },
  'GET /requests/apply/done': { allow: 'public' },
  'GET /requests/track': { allow: 'public' },
  'POST /requests/track': { allow: 'public', sample: async () => ({ url: '/requests/track', form: { code: fixed.decided.code, who: fixed.decided.name } }) },
  'GET /requests/track/view': { allow: 'public', sample: async () => ({ url: '/requests/track/view', before: track(() => fixed.decided) }) },
  'POST /requests/track/correct': {
    allow: 'public',
    consumes: true,
    sample: async (x) => {
      const r = await newRequest(x, 'correction_requested');
      return { url: '/requests/track/correct', form: { text: '补正：所需信息为2026年城区道路改造计划全文' }, before: track(() => r) };
    },
  },
  'GET /requests/track/letter.:ext': { allow: 'public', sample: async () => ({ url: '/requests/track/letter.docx', before: track(() => fixed.decided) }) },
  'GET /requests/track/attachments/:aid': {
    allow: 'public',
    sample: async () => ({ url: fixed.requestAttachment.replace(/^\/admin\/requests\/\d+/, '/requests/track'), before: track(() => fixed.decided) }),
  },
  // requests: back office
  'GET /admin/requests': { allow: ['handler', 'office', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/requests/follow-up': { allow: ['handler', 'office', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/requests/new': { allow: ['handler', 'office'], outside: 'allow' },
  'POST /admin/requests/new': {
    allow: ['handler', 'office'],
    outside: 'deny',
    sample: async (x) => ({
      url: '/admin/requests/new',
      form: await formOn(x.office, '/admin/requests/new', '/admin/requests/new', {
        channel: 'in_person',
        orgId: '1',
        arrivedAt: `${TODAY} 10:00`,
        receivedOn: TODAY,
        infoName: `当面申请${x.n()}`,
        applicantName: '当面申请人',
        idNumber: '431202198504120032',
        phone: '13700002222',
      }),
    }),
  },
  'GET /admin/requests/:id': {
    allow: ['handler', 'office', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/requests/${fixed.request}` }),
  },
  'GET /admin/requests/:id/decide': {
    allow: ['handler', 'office'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/requests/${fixed.receivedRequest}/decide` }),
  },
  'POST /admin/requests/:id/decide': {
    allow: ['handler', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: `/admin/requests/${(await newRequest(x, 'received')).id}/decide`,
      form: { choice: 'disclose:disclosable', value0: '见附件', decidedOn: TODAY },
    }),
  },
  'POST /admin/requests/:id/attach': {
    allow: ['handler', 'office'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/requests/${(await newRequest(x, 'received')).id}/attach`,
      form: {},
      file: { name: '答复附件.txt', bytes: Buffer.from('答复附件内容') },
    }),
  },
  'GET /admin/requests/:id/letter.:ext': {
    allow: ['handler', 'office', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/requests/${fixed.decided.id}/letter.docx` }),
  },
  'GET /admin/requests/:id/attachments/:aid': {
    allow: ['handler', 'office', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: fixed.requestAttachment }),
  },
  'POST /admin/requests/:id/:action': {
    allow: ['handler', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/requests/${(await newRequest(x, 'submitted')).id}/confirm`, form: { receivedOn: TODAY } }),
  },
  'GET /admin/appeals': { allow: ['supervisor', 'office', 'handler', 'auditor'], outside: 'allow' },
  'GET /admin/appeals/new': { allow: ['office', 'handler'], outside: 'allow' },
  'POST /admin/appeals': {
    allow: ['office', 'handler'],
    outside: 'deny',
    sample: async (x) => ({
      url: '/admin/appeals',
      form: await formOn(
        x.office,
        '/admin/appeals/new',
        '/admin/appeals',
        { orgId: '1', body: '怀化市人民政府', caseNumber: `怀政复〔2026〕${x.n()}号`, appellant: '某申请人', filedOn: '2026-11-02', result: 'pending' },
        false,
      ),
    }),
  },
  'GET /admin/appeals/:id': {
    allow: ['supervisor', 'office', 'handler', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/appeals/${fixed.appeal}` }),
  },
  'POST /admin/appeals/:id/decide': {
    allow: ['office', 'handler'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/appeals/${fixed.appeal}/decide`,
      form: await formOn(x.office, `/admin/appeals/${fixed.appeal}`, `/admin/appeals/${fixed.appeal}/decide`, {
        result: 'upheld',
        decidedOn: TODAY,
        resultDetail: '维持',
      }),
    }),
  },
  // catalogue: portal and open data
  'GET /catalogue.css': { allow: 'public' },
  'GET /column/:key': { allow: 'public', sample: async () => ({ url: '/column/zwxx' }) },
  'GET /column/:key/rss.xml': { allow: 'public', sample: async () => ({ url: '/column/zwxx/rss.xml' }) },
  'GET /column/:key/atom.xml': { allow: 'public', sample: async () => ({ url: '/column/zwxx/atom.xml' }) },
  'GET /item/*': { allow: 'public', sample: async () => ({ url: `/item/${fixed.indexNo}` }) },
  'GET /files/:id/:name': { allow: 'public', sample: async () => ({ url: fixed.publicFile }) },
  'GET /catalogue': { allow: 'public' },
  'GET /guide': { allow: 'public' },
  'GET /search': { allow: 'public', sample: async () => ({ url: `/search?q=${encodeURIComponent('公开')}` }) },
  'GET /sitemap.xml': { allow: 'public' },
  'GET /sitemap-:n.xml': { allow: 'public', sample: async () => ({ url: '/sitemap-1.xml' }) },
  'GET /api/v1/items': { allow: 'public' },
  'GET /api/v1/items/*': { allow: 'public', sample: async () => ({ url: `/api/v1/items/${fixed.indexNo}` }) },
  'GET /api/v1/search': { allow: 'public', sample: async () => ({ url: `/api/v1/search?q=${encodeURIComponent('公开')}` }) },
  'GET /api/docs': { allow: 'public' },
  'GET /api/docs/openapi.json': { allow: 'public' },
  // catalogue: back office
  'GET /admin/catalogue': { allow: ['editor', 'reviewer', 'office', 'admin', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/catalogue/due': { allow: ['editor', 'reviewer', 'office', 'admin', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/catalogue/new': { allow: ['editor', 'office'], outside: 'allow' },
  'POST /admin/catalogue': {
    allow: ['editor', 'office'],
    outside: 'deny',
    sample: async (x) => ({
      url: '/admin/catalogue',
      form: { orgId: String(ORG), columnId: '1', title: `矩阵新建${x.n()}`, body: '正文', formedOn: '2026-11-20', topic: '综合政务/政务公开', genre: '通知' },
    }),
  },
  'GET /admin/catalogue/:id': {
    allow: ['editor', 'reviewer', 'office', 'admin', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/catalogue/${fixed.publishedItem}` }),
  },
  'GET /admin/catalogue/:id/edit': { allow: ['editor', 'office'], outside: 'deny', sample: async () => ({ url: `/admin/catalogue/${fixed.draftItem}/edit` }) },
  'POST /admin/catalogue/:id/edit': {
    allow: ['editor', 'office'],
    outside: 'deny',
    sample: async (x) => {
      const id = await newItem(x, 'draft');
      return {
        url: `/admin/catalogue/${id}/edit`,
        form: await formOn(x.office, `/admin/catalogue/${id}/edit`, `/admin/catalogue/${id}/edit`, { title: `矩阵修改${x.n()}` }),
      };
    },
  },
  'POST /admin/catalogue/:id/submit': {
    allow: ['editor', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'draft')}/submit`, form: {} }),
  },
  'POST /admin/catalogue/:id/approve': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'submitted')}/approve`, form: { publish: '1' } }),
  },
  'POST /admin/catalogue/:id/return': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'submitted')}/return`, form: { reason: '请补充依据' } }),
  },
  'POST /admin/catalogue/:id/publish': {
    allow: ['reviewer', 'office', 'editor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'approved')}/publish`, form: {} }),
  },
  'POST /admin/catalogue/:id/withdraw': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'published')}/withdraw`, form: { reason: '内容有误' } }),
  },
  'POST /admin/catalogue/:id/reopen': {
    allow: ['editor', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'withdrawn')}/reopen`, form: {} }),
  },
  'POST /admin/catalogue/:id/validity': {
    allow: ['editor', 'office'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/catalogue/${await newItem(x, 'published')}/validity`,
      form: { validity: 'valid', changedOn: '', successorIndexNo: '' },
    }),
  },
  'POST /admin/catalogue/:id/channels': {
    allow: ['editor', 'office'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/catalogue/${await newItem(x, 'published')}/channels`,
      form: { channel: 'gazette', publishedOn: TODAY, reference: '洪江区管委公报2026年第1期', medium: '' },
    }),
  },
  'POST /admin/catalogue/:id/channels/:cid/delete': {
    allow: ['editor', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newItem(x, 'published');
      await ok(
        await x.office.post(
          `/admin/catalogue/${id}/channels`,
          { channel: 'gazette', publishedOn: TODAY, reference: '公报', medium: '' },
          { csrf: await x.office.token() },
        ),
        'add channel',
      );
      const f = scrapeForms((await x.office.get(`/admin/catalogue/${id}`)).body).find((g) => /\/channels\/\d+\/delete$/.test(g.action));
      assert.ok(f, 'no channel delete form');
      return { url: f.action, form: {} };
    },
  },
  'POST /admin/catalogue/:id/attachments': {
    allow: ['editor', 'office'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/catalogue/${await newItem(x, 'draft')}/attachments`, form: {}, file: { name: '说明.png', bytes: TINY_PNG } }),
  },
  'POST /admin/catalogue/:id/attachments/:aid/delete': {
    allow: ['editor', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newItem(x, 'draft', { attachment: true });
      const f = scrapeForms((await x.office.get(`/admin/catalogue/${id}`)).body).find((g) => /\/attachments\/\d+\/delete$/.test(g.action));
      assert.ok(f, 'no attachment delete form');
      return { url: f.action, form: {} };
    },
  },
  // 保密审查 of the personal-data scan's findings (issue 9): a reviewer's acts, on an item under review.
  'POST /admin/catalogue/:id/findings/redact': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: `/admin/catalogue/${await newItem(x, 'submitted', { body: '联系电话13800001111。' })}/findings/redact`,
      form: { finding: findingKey('mobile', '13800001111') },
    }),
  },
  'POST /admin/catalogue/:id/findings/dismiss': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: `/admin/catalogue/${await newItem(x, 'submitted', { body: '热线13800001111。' })}/findings/dismiss`,
      form: { finding: findingKey('mobile', '13800001111'), reason: '已公开的热线电话' },
    }),
  },
  'POST /admin/catalogue/:id/attachments/:aid/withdraw': {
    allow: ['reviewer', 'office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const id = await newItem(x, 'submitted', { attachment: true });
      const a = await x.s.app.database.db.selectFrom('cat_attachments').select('id').where('item_id', '=', id).executeTakeFirstOrThrow();
      return { url: `/admin/catalogue/${id}/attachments/${a.id}/withdraw`, form: { reason: '附件含个人信息' } };
    },
  },
  'GET /admin/catalogue/attachments/:aid': {
    allow: ['editor', 'reviewer', 'office', 'admin', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/catalogue/attachments/${fixed.attachmentId}` }),
  },
  // Columns are the whole portal's menu: only a grant at the root may change them.
  'GET /admin/catalogue/columns': { allow: ['office', 'admin'], outside: 'deny' },
  'POST /admin/catalogue/columns': {
    allow: ['office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/catalogue/columns',
      form: { name: `矩阵栏目${x.n()}`, key: `mx${x.n()}`, parentId: '', kind: 'items', href: '', sortOrder: '999', description: '' },
    }),
  },
  'POST /admin/catalogue/columns/:id': {
    allow: ['office', 'admin'],
    outside: 'deny',
    sample: async (x) => ({ url: '/admin/catalogue/columns/11', form: await formOn(x.office, '/admin/catalogue/columns', '/admin/catalogue/columns/11') }),
  },
  // reports
  'GET /reports/report.css': { allow: 'public' },
  'GET /admin/reports': { allow: VIEW_REPORTS, outside: 'allow' },
  'POST /admin/reports/import': {
    allow: ['office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/reports/import', form: { parentOrgId: '1' }, file: { name: 'report.json', bytes: await externalReport(x) } }),
  },
  'GET /admin/reports/:orgId/:year': { allow: VIEW_REPORTS, outside: 'deny', sample: async () => ({ url: `/admin/reports/${ORG}/2025` }) },
  'GET /admin/reports/:orgId/:year/cell/:table/:row/:col': {
    allow: VIEW_REPORTS,
    outside: 'deny',
    sample: async (x) => ({ url: await linkOn(x.office, `/admin/reports/${ORG}/2025`, /^\/admin\/reports\/\d+\/2025\/cell\//) }),
  },
  'GET /admin/reports/:orgId/:year/narrative': {
    allow: ['office', 'editor'],
    outside: 'deny',
    sample: async () => ({ url: `/admin/reports/${ORG}/2025/narrative` }),
  },
  'POST /admin/reports/:orgId/:year/narrative': {
    allow: ['office', 'editor'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/reports/${ORG}/2025/narrative`,
      form: await formOn(x.office, `/admin/reports/${ORG}/2025/narrative`, `/admin/reports/${ORG}/2025/narrative`),
    }),
  },
  'POST /admin/reports/:orgId/:year/submit': {
    allow: ['office', 'editor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/reports/${await draftReport(x, 'draft')}/2025/submit`, form: {} }),
  },
  'POST /admin/reports/:orgId/:year/return': {
    allow: ['office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/reports/${await draftReport(x, 'submitted')}/2025/return`, form: { comment: '请补充第五部分' } }),
  },
  'POST /admin/reports/:orgId/:year/accept': {
    allow: ['office'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/reports/${await draftReport(x, 'submitted')}/2025/accept`, form: {} }),
  },
  'GET /admin/reports/:orgId/:year/export.:kind': {
    allow: VIEW_REPORTS,
    outside: 'deny',
    sample: async () => ({ url: `/admin/reports/${ORG}/2025/export.csv` }),
  },
  'GET /admin/reports/:orgId/:year/table/:table.csv': {
    allow: VIEW_REPORTS,
    outside: 'deny',
    sample: async (x) => ({ url: await linkOn(x.office, `/admin/reports/${ORG}/2025`, /^\/admin\/reports\/\d+\/2025\/table\/.+\.csv$/) }),
  },
  'GET /admin/reports/:orgId/:year/chart/:name.svg': {
    allow: VIEW_REPORTS,
    outside: 'deny',
    sample: async (x) => ({ url: await linkOn(x.office, `/admin/reports/${ORG}/2025`, /^\/admin\/reports\/\d+\/2025\/chart\/.+\.svg$/) }),
  },
  'GET /admin/reports/activities': { allow: VIEW_REPORTS, outside: 'allow' },
  'POST /admin/reports/activities': {
    allow: ['office', 'editor'],
    outside: 'deny',
    sample: async (x) => ({
      url: '/admin/reports/activities',
      form: await formOn(x.office, '/admin/reports/activities', '/admin/reports/activities', { orgId: '1', title: `矩阵活动${x.n()}`, heldOn: '2026-11-20' }),
    }),
  },
  'GET /admin/reports/activities/:id': { allow: VIEW_REPORTS, outside: 'deny', sample: async () => ({ url: `/admin/reports/activities/${fixed.activity}` }) },
  'POST /admin/reports/activities/:id': {
    allow: ['office', 'editor'],
    outside: 'deny',
    sample: async (x) => ({
      url: `/admin/reports/activities/${fixed.activity}`,
      form: await formOn(x.office, `/admin/reports/activities/${fixed.activity}`, `/admin/reports/activities/${fixed.activity}`),
    }),
  },
  'POST /admin/reports/activities/:id/delete': {
    allow: ['office', 'editor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const r = await ok(
        await x.office.post(
          '/admin/reports/activities',
          await formOn(x.office, '/admin/reports/activities', '/admin/reports/activities', { orgId: '1', title: `待删活动${x.n()}`, heldOn: '2026-11-20' }),
          { csrf: await x.office.token() },
        ),
        'add activity',
      );
      const list = await x.office.get(r.location ?? '/admin/reports/activities?year=2026');
      const ids = linksOf(list.body, '/')
        .map((h) => /^\/admin\/reports\/activities\/(\d+)$/.exec(h)?.[1])
        .filter(Boolean)
        .map(Number);
      return { url: `/admin/reports/activities/${Math.max(...ids)}/delete`, form: { reason: '重复登记' } };
    },
  },
  'GET /admin/reports/concerns': { allow: VIEW_REPORTS, outside: 'allow' },
  'POST /admin/reports/concerns': {
    allow: ['office', 'editor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/reports/concerns', form: { title: `矩阵关注${x.n()}`, orgId: '1', raisedOn: '2026-11-20', notes: '' } }),
  },
  'GET /admin/reports/facts': { allow: VIEW_REPORTS, outside: 'allow' },
  'POST /admin/reports/facts': {
    allow: ['office'],
    outside: 'deny',
    sample: async (x) => ({ url: '/admin/reports/facts', form: await formOn(x.office, '/admin/reports/facts', '/admin/reports/facts') }),
  },
  'GET /nianbao': { allow: 'public' },
  'GET /nianbao/:year/:orgId': { allow: 'public', sample: async () => ({ url: '/nianbao/2025/7' }) },
  'GET /nianbao/:year/:orgId/report.:kind': { allow: 'public', sample: async () => ({ url: '/nianbao/2025/7/report.csv' }) },
  'GET /nianbao/:year/:orgId/:table.csv': {
    allow: 'public',
    sample: async (x) => ({ url: await linkOn(x.s.client(), '/nianbao/2025/7', /^\/nianbao\/2025\/7\/(?!report\.)[^/]+\.csv$/) }),
  },
  'GET /nianbao/:year/:orgId/chart/:name.svg': {
    allow: 'public',
    sample: async (x) => ({ url: await linkOn(x.s.client(), '/nianbao/2025/7', /^\/nianbao\/2025\/7\/chart\/.+\.svg$/) }),
  },
  // hall (政务服务中心、窗口、服务网点): every role sees its subtree; hall_manager, office and admin change it
  'GET /wangdian': { allow: 'public' },
  'GET /hall/hall.css': { allow: 'public' },
  'GET /admin/hall': { allow: 'signedIn', outside: 'allow' },
  'GET /admin/hall/windows/new': { allow: ['hall_manager', 'office', 'admin'], outside: 'allow' },
  'POST /admin/hall/windows': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/hall/windows',
      form: {
        centreOrgId: String(await hallCentre(x)),
        number: `M${x.n()}`,
        name: '矩阵测试窗口',
        departmentOrgId: String(ORG),
        kind: 'single',
        chiefName: '矩阵代表',
      },
    }),
  },
  'GET /admin/hall/windows/:id': { allow: 'signedIn', outside: 'deny', sample: async (x) => ({ url: `/admin/hall/windows/${await hallWindow(x, '02')}` }) },
  'POST /admin/hall/windows/:id': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    sample: async (x) => {
      const url = `/admin/hall/windows/${await hallWindow(x, '02')}`;
      return { url, form: await formOn(x.admin, url, url) };
    },
  },
  'POST /admin/hall/windows/:id/staff': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/hall/windows/${await hallWindow(x, '03')}/staff`, form: { username: await usernameOf(x, await newUser(x)) } }),
  },
  'POST /admin/hall/windows/:id/staff/end': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => {
      const w = await hallWindow(x, '03');
      const id = await newUser(x);
      await ok(await x.admin.post(`/admin/hall/windows/${w}/staff`, { username: await usernameOf(x, id) }, { csrf: await x.admin.token() }), 'assign staff');
      return { url: `/admin/hall/windows/${w}/staff/end`, form: { userId: String(id) } };
    },
  },
  'POST /admin/hall/windows/:id/letter': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/hall/windows/${await hallWindow(x, '04')}/letter`, form: {}, file: { name: '授权书扫描件.png', bytes: TINY_PNG } }),
  },
  'GET /admin/hall/windows/:id/letters/:lid': {
    allow: 'signedIn',
    outside: 'deny',
    sample: async (x) => {
      const w = await hallWindow(x, '01');
      const l = await x.s.app.database.db.selectFrom('hall_letters').select('id').where('window_id', '=', w).executeTakeFirstOrThrow();
      return { url: `/admin/hall/windows/${w}/letters/${l.id}` };
    },
  },
  'GET /admin/hall/sites': { allow: 'signedIn', outside: 'allow' },
  'GET /admin/hall/sites/new': { allow: ['hall_manager', 'office', 'admin'], outside: 'allow' },
  'POST /admin/hall/sites': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/hall/sites',
      form: { orgId: String(await newOrg(x)), kind: 'station', name: `矩阵测试便民服务站${x.n()}`, establishedOn: '2026-11-01' },
    }),
  },
  'GET /admin/hall/sites/:id': { allow: 'signedIn', outside: 'deny', sample: async (x) => ({ url: `/admin/hall/sites/${await hallSite(x)}` }) },
  'POST /admin/hall/sites/:id': {
    allow: ['hall_manager', 'office', 'admin'],
    outside: 'deny',
    sample: async (x) => {
      const url = `/admin/hall/sites/${await hallSite(x)}`;
      return { url, form: await formOn(x.admin, url, url) };
    },
  },
  'GET /admin/hall/coverage': { allow: 'signedIn', outside: 'allow' },
  // 电子监察 (supervision): subjects on ORG (outside 常青乡), signals raised through the port.
  'GET /admin/supervision': { allow: VIEW_SUPERVISION, outside: 'allow' },
  'GET /admin/supervision/signals': { allow: VIEW_SUPERVISION, outside: 'allow' },
  'GET /admin/supervision/signals/:id': {
    allow: VIEW_SUPERVISION,
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/supervision/signals/${await supervisionSignal(x)}` }),
  },
  'POST /admin/supervision/signals/:id/read': {
    allow: ['supervisor', 'hall_manager', 'window', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/supervision/signals/${await supervisionSignal(x, true)}/read`, form: {} }),
  },
  'POST /admin/supervision/signals/:id/clear': {
    allow: ['supervisor', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/supervision/signals/${await supervisionSignal(x, true)}/clear`, form: { reason: '矩阵测试消除' } }),
  },
  'GET /admin/supervision/notices': { allow: VIEW_SUPERVISION, outside: 'allow' },
  'POST /admin/supervision/notices': {
    allow: ['supervisor'],
    outside: 'deny',
    sample: async (x) => ({
      url: '/admin/supervision/notices',
      form: { signalIds: String(await supervisionSignal(x)), requirement: '请说明原因', answerDays: '3' },
    }),
  },
  'GET /admin/supervision/notices/:id': {
    allow: VIEW_SUPERVISION,
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/supervision/notices/${await supervisionNotice(x, 'issued')}` }),
  },
  'POST /admin/supervision/notices/:id/answer': {
    allow: ['hall_manager', 'window', 'office', 'admin'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/supervision/notices/${await supervisionNotice(x, 'issued')}/answer`, form: { answer: '已办结' } }),
  },
  'POST /admin/supervision/notices/:id/accept': {
    allow: ['supervisor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/supervision/notices/${await supervisionNotice(x, 'answered')}/accept`, form: { note: '' } }),
  },
  'POST /admin/supervision/notices/:id/return': {
    allow: ['supervisor'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: `/admin/supervision/notices/${await supervisionNotice(x, 'answered')}/return`, form: { note: '请补充材料' } }),
  },
  'GET /admin/supervision/rules': { allow: VIEW_SUPERVISION, outside: 'allow' },
  'POST /admin/supervision/rules': {
    allow: ['admin', 'office'],
    outside: 'deny',
    sample: async () => ({ url: '/admin/supervision/rules', form: { preset: 'b' } }),
  },
  // 政务服务事项与办事指南 (guides): reading for staff, changes for office/admin/hall_manager within their subtree.
  'GET /guides.css': { allow: 'public' },
  'GET /banshi': { allow: 'public' },
  'GET /banshi/topic/:id': { allow: 'public', sample: async () => ({ url: '/banshi/topic/1' }) },
  'GET /banshi/dept/:orgId': { allow: 'public', sample: async (x) => ({ url: await linkOn(x.s.client(), '/banshi', /^\/banshi\/dept\/\d+$/) }) },
  'GET /banshi/guide/:code': { allow: 'public', sample: async () => ({ url: '/banshi/guide/HJ-XK-0001-01' }) },
  'GET /banshi/files/:id': {
    allow: 'public',
    sample: async (x) => ({ url: await linkOn(x.s.client(), '/banshi/guide/HJ-XK-0001-01', /^\/banshi\/files\/\d+$/) }),
  },
  'GET /admin/guides': { allow: 'signedIn', outside: 'allow' },
  'GET /admin/guides/incomplete': { allow: 'signedIn', outside: 'allow' },
  'GET /admin/guides/new': { allow: ['admin', 'office', 'hall_manager'], outside: 'allow' },
  'POST /admin/guides/items': {
    allow: ['admin', 'office', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: '/admin/guides/items',
      form: { level: 'main', code: `MX-${x.n()}`, name: '矩阵测试事项', itemType: '行政许可', orgId: String(ORG), sortOrder: '0' },
    }),
  },
  'GET /admin/guides/items/:id': {
    allow: 'signedIn',
    outside: 'allow',
    sample: async (x) => ({ url: `/admin/guides/items/${await guideItem(x, 'HJ-XK-0001-01')}` }),
  },
  'POST /admin/guides/items/:id': {
    allow: ['admin', 'office', 'hall_manager'],
    outside: 'deny',
    sample: async (x) => {
      const db = x.s.app.database.db;
      const i = await db.selectFrom('service_items').selectAll().where('code', '=', 'HJ-XK-0001').executeTakeFirstOrThrow();
      return {
        url: `/admin/guides/items/${i.id}`,
        form: {
          level: 'main',
          code: i.code,
          name: i.name,
          itemType: i.item_type,
          orgId: String(i.org_id),
          audience: i.audience,
          sortOrder: String(i.sort_order),
        },
      };
    },
  },
  'GET /admin/guides/items/:id/guide': {
    allow: ['admin', 'office', 'hall_manager'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/guides/items/${await guideItem(x, 'HJ-XK-0008-01')}/guide` }),
  },
  'POST /admin/guides/items/:id/guide': {
    allow: ['admin', 'office', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({
      url: `/admin/guides/items/${await guideItem(x, 'HJ-XK-0008-01')}/guide`,
      form: {
        effectiveFrom: `2030-01-${String((x.n() % 28) + 1).padStart(2, '0')}`,
        legalDays: '90',
        promisedDays: '30',
        visits: '2',
        onlineDepth: '仅线下',
        m0_name: '申办报告',
      },
      file: { name: 'unused.png', bytes: TINY_PNG },
    }),
  },
  'GET /admin/guides/tags': { allow: 'signedIn', outside: 'allow' },
  'POST /admin/guides/tags': {
    allow: ['admin', 'office', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/guides/tags', form: { kind: 'theme', audience: '', name: `矩阵主题${x.n()}` } }),
  },
  'GET /admin/guides/items/:id/versions/:n': {
    allow: 'signedIn',
    outside: 'allow',
    sample: async (x) => ({ url: `/admin/guides/items/${await guideItem(x, 'HJ-XK-0001-01')}/versions/1` }),
  },
  // powers (权力清单): the portal column, and the back office — staff read, office/admin/hall_manager change, the categories only from the root
  'GET /powers': { allow: 'public' },
  'GET /powers/changes': { allow: 'public', sample: async () => ({ url: '/powers/changes?year=2016' }) },
  'GET /powers/:id': { allow: 'public', sample: async (x) => ({ url: `/powers/${await demoPower(x)}` }) },
  'GET /admin/powers': { allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/powers/new': { allow: ['office', 'admin', 'hall_manager'], outside: 'allow' },
  'POST /admin/powers': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/powers', form: powerForm(x.n()) }),
  },
  'GET /admin/powers/changes': { allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'], outside: 'allow' },
  'GET /admin/powers/categories': { allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'], outside: 'allow' },
  'POST /admin/powers/categories': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/powers/categories', form: { name: `矩阵类别${x.n()}`, sortOrder: '' } }),
  },
  'POST /admin/powers/categories/:id': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    sample: async (x) => {
      const c = await x.s.app.database.db.selectFrom('power_categories').selectAll().where('name', '=', '其他行政权力').executeTakeFirstOrThrow();
      return { url: `/admin/powers/categories/${c.id}`, form: { name: c.name, sortOrder: String(c.sort_order), active: '1' } };
    },
  },
  'GET /admin/powers/import': { allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'], outside: 'allow' },
  'POST /admin/powers/import': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    consumes: true,
    sample: async (x) => ({ url: '/admin/powers/import', form: {}, file: { name: '权力清单.csv', bytes: powerCsv(x.n()) } }),
  },
  'GET /admin/powers/export.:format': {
    allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'],
    outside: 'allow',
    sample: async () => ({ url: '/admin/powers/export.csv' }),
  },
  'GET /admin/powers/:id': {
    allow: ['office', 'admin', 'hall_manager', 'window', 'supervisor', 'auditor'],
    outside: 'deny',
    sample: async (x) => ({ url: `/admin/powers/${await demoPower(x)}` }),
  },
  'POST /admin/powers/:id': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    sample: async (x) => {
      const id = await demoPower(x);
      return { url: `/admin/powers/${id}`, form: await formOn(x.office, `/admin/powers/${id}`, `/admin/powers/${id}`) };
    },
  },
  'POST /admin/powers/:id/dispositions': {
    allow: ['office', 'admin', 'hall_manager'],
    outside: 'deny',
    sample: async (x) => {
      const r = await ok(await x.office.post('/admin/powers', powerForm(x.n()), { csrf: await x.office.token() }), 'add power');
      return { url: `${r.location}/dispositions`, form: { kind: 'keep', onDate: TODAY, note: '矩阵测试' } };
    },
  },
};

// ——— hall subjects (the demo's district centre, outside 常青乡) ————————————————————————————————————
async function hallCentre(x: Ctx): Promise<number> {
  return Number((await x.s.app.database.db.selectFrom('hall_sites').select('org_id').where('kind', '=', 'hall').executeTakeFirstOrThrow()).org_id);
}
async function hallWindow(x: Ctx, number: string): Promise<number> {
  return Number((await x.s.app.database.db.selectFrom('hall_windows').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id);
}
async function hallSite(x: Ctx): Promise<number> {
  return Number((await x.s.app.database.db.selectFrom('hall_sites').select('id').where('kind', '=', 'hall').executeTakeFirstOrThrow()).id);
}
async function usernameOf(x: Ctx, id: number): Promise<string> {
  return (await x.s.app.database.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;
}

// ——— 电子监察 subjects: signals raised as a watched module would (the port, in a command) ———
const supervisionRaise = defineCommand({
  name: 'test.supervision.raise',
  input: z.object({ n: z.number() }),
  async handler(ctx, { n }) {
    ctx.authorize('supervision.view');
    const d = { subjectType: 'case', subjectId: 800000 + n, orgId: ORG, rule: 'time.yellow', level: 'yellow' as const, raisedOn: TODAY };
    await ctx.ports.supervision.raise(ctx, [{ ...d, detail: `矩阵测试办件${n}已超过承诺时限`, href: `/admin/cases/${800000 + n}` }]);
    return { result: 800000 + n, audit: { action: 'test.supervision.raise', subjectType: 'test' } };
  },
});
let fixedSignal: number | null = null;
async function supervisionSignal(x: Ctx, fresh = false): Promise<number> {
  if (!fresh && fixedSignal) return fixedSignal;
  const subject = await execute(x.s.system, supervisionRaise, { n: x.n() });
  const r = await x.s.app.database.db.selectFrom('supervision_signals').select('id').where('subject_id', '=', subject).executeTakeFirstOrThrow();
  if (!fresh) fixedSignal = Number(r.id);
  return Number(r.id);
}
async function supervisionNotice(x: Ctx, state: 'issued' | 'answered'): Promise<number> {
  const sys = x.s.system;
  const { id } = await execute(sys, issueNotice, { signalIds: [await supervisionSignal(x, true)], requirement: '矩阵测试督办' });
  if (state === 'answered') await execute(sys, answerNotice, { noticeId: id, answer: '矩阵测试回复' });
  return id;
}

async function guideItem(x: Ctx, code: string): Promise<number> {
  const r = await x.s.app.database.db.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A power of the demo (洪江区政务服务中心市场监管分中心: outside 常青乡). */
async function demoPower(x: Ctx): Promise<number> {
  return Number((await x.s.app.database.db.selectFrom('powers').select('id').where('code', '=', 'HJ-XK-0002').executeTakeFirstOrThrow()).id);
}

function powerForm(n: number): Record<string, string> {
  return {
    name: `矩阵测试权力${n}`,
    categoryId: '1',
    code: `MATRIX-${n}`,
    orgId: String(ORG),
    body: '洪江区管理委员会办公室',
    bodyKind: 'legal',
    legalBasis: '《中华人民共和国行政许可法》第十二条',
    opening: 'add',
    onDate: TODAY,
  };
}

function powerCsv(n: number): Buffer {
  return Buffer.from(
    `权力名称,职权类别,权力编码,实施主体,实施主体性质,设定依据,所属部门,处置情况,处置日期\r\n矩阵导入权力${n},行政检查,MATRIX-IMP-${n},洪江区管理委员会办公室,法定机关,《中华人民共和国行政处罚法》第八条,洪江区管理委员会办公室,新增,${TODAY}\r\n`,
  );
}

/** Open a tracking session for a request with the cell's client. */
function track(which: () => { code: string; name: string }) {
  return async (c: TestClient) => {
    const r = which();
    const t = await c.post('/requests/track', { code: r.code, who: r.name }, { csrf: await c.token() });
    assert.ok(t.status === 200 || t.status === 303, `tracking ${r.code}: ${t.status}`);
  };
}

// ——— the run ————————————————————————————————————————————————————————————————————————————————

let s: TestServer;
let x: Ctx;
const sessions = new Map<Actor, TestClient>();
const actors: Actor[] = ['anonymous', ...ROLES.flatMap((r) => [r, `${r}@常青乡` as Actor])];
// The demo user of each role is named after it, except the centre's manager (`hall`).
const DEMO_USER: Partial<Record<Role, string>> = { hall_manager: 'hall' };
const userOf = (a: Actor) => (a === 'anonymous' ? null : a.endsWith('@常青乡') ? `out-${a.split('@')[0]}` : (DEMO_USER[a as Role] ?? a));
const roleOf = (a: Actor): Role | null => (a === 'anonymous' ? null : (a.split('@')[0] as Role));

before(async () => {
  s = await testServer({ demo: true, config: { rateLimitLogin: 100000, rateLimitForms: 100000, rateLimitSearch: 100000 } });
  let counter = 0;
  const office = s.client();
  const admin = s.client();
  await office.login('office');
  await admin.login('admin');
  x = { s, office, admin, n: () => ++counter };
  // The same seven roles, granted only on 常青乡 (a township: /1/21/).
  for (const role of ROLES) {
    await execute(s.system, addUser, {
      username: `out-${role}`,
      displayName: `常青乡${role}`,
      orgId: 21,
      password: 'Hongjiang@2016',
      grants: [{ role, orgId: 21 }],
    });
  }
  for (const a of actors) {
    const c = s.client();
    const u = userOf(a);
    if (u) assert.equal((await c.login(u)).status, 303, `login ${u}`);
    sessions.set(a, c);
  }
  const db = s.app.database.db;
  const pub = await newItem(x, 'published', { attachment: true });
  const item = await db.selectFrom('cat_items').select(['index_no']).where('id', '=', pub).executeTakeFirstOrThrow();
  const att = await db.selectFrom('cat_attachments').select(['id']).where('item_id', '=', pub).executeTakeFirstOrThrow();
  const publicFile = linksOf((await s.client().get(`/item/${item.index_no}`)).body, '/').find((h) => h.startsWith('/files/'));
  assert.ok(publicFile, 'the public item page links its attachment');
  const decided = await newRequest(x, 'received');
  await ok(
    await office.postMultipart(`/admin/requests/${decided.id}/attach`, {}, [{ field: 'file', name: '公开信息.txt', bytes: Buffer.from('公开的信息内容') }], {
      csrf: await office.token(),
    }),
    'attach to request',
  );
  await ok(
    await office.post(
      `/admin/requests/${decided.id}/decide`,
      { choice: 'disclose:disclosable', value0: '见附件', decidedOn: TODAY },
      { csrf: await office.token() },
    ),
    'decide',
  );
  const requestAttachment = linksOf((await office.get(`/admin/requests/${decided.id}`)).body, '/').find((h) =>
    /^\/admin\/requests\/\d+\/attachments\/\d+$/.test(h),
  );
  assert.ok(requestAttachment, 'the request page links its attachment');
  const appeal = await db.selectFrom('appeals').select('id').where('org_id', '=', 1).where('result', '=', 'pending').executeTakeFirst();
  fixed = {
    draftItem: await newItem(x, 'draft'),
    publishedItem: pub,
    indexNo: item.index_no!,
    attachmentId: Number(att.id),
    publicFile,
    request: (await newRequest(x, 'submitted')).id,
    receivedRequest: (await newRequest(x, 'received')).id,
    decided,
    requestAttachment,
    appeal: appeal ? Number(appeal.id) : Number((await db.selectFrom('appeals').select('id').where('org_id', '=', 1).executeTakeFirstOrThrow()).id),
    activity: Number((await db.selectFrom('report_activities').select('id').where('org_id', '=', 1).executeTakeFirstOrThrow()).id),
  };
  const stored = new Set((await db.selectFrom('annual_reports').select('org_id').where('year', '=', 2025).execute()).map((r) => Number(r.org_id)));
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'kind'])
    .where('kind', 'in', ['department', 'township', 'street', 'institution'])
    .orderBy('id')
    .execute();
  reportOrgs = orgs.filter((o) => !o.path.startsWith('/1/21/') && !stored.has(Number(o.id))).map((o) => Number(o.id));
});
after(() => s?.close());

type Outcome = 'allow' | 'deny';

function expected(e: Expect, a: Actor): Outcome {
  if (e.allow === 'public') return 'allow';
  if (a === 'anonymous') return 'deny';
  const role = roleOf(a)!;
  const has = e.allow === 'signedIn' || e.allow.includes(role);
  if (!has) return 'deny';
  return a.endsWith('@常青乡') ? (e.outside ?? 'deny') : 'allow';
}

function observed(method: string, r: Resp): Outcome | 'other' {
  if (r.status === 401 || r.status === 403 || r.status === 404) return 'deny';
  // A GET refused for want of a session is sent to the login page; a POST that succeeds may go there too (logout).
  if (r.status >= 300 && r.status < 400) return method === 'GET' && /^\/admin\/login/.test(r.location ?? '') ? 'deny' : 'allow';
  if (r.status >= 200 && r.status < 300) return 'allow';
  return 'other';
}

async function cell(
  route: string,
  e: Expect,
  a: Actor,
  sample: Sample,
  opts: { checkAudit?: boolean } = {},
): Promise<{ outcome: Outcome | 'other'; r: Resp; headBefore: string; headAfter: string }> {
  let c = sessions.get(a)!;
  if (e.ownSession) {
    c = s.client();
    const u = userOf(a);
    if (u) await c.login(u);
  }
  if (sample.before) await sample.before(c);
  const [method = ''] = route.split(' ');
  const db = s.app.database.db;
  const check = opts.checkAudit !== false;
  const headBefore = check ? await auditHead(db) : '';
  let r: Resp;
  if (method === 'GET') r = await c.get(sample.url);
  else if (sample.file) r = await c.postMultipart(sample.url, sample.form ?? {}, [{ field: 'file', ...sample.file }], { csrf: await c.token() });
  else r = await c.post(sample.url, sample.form ?? {}, { csrf: await c.token() });
  return { outcome: observed(method, r), r, headBefore, headAfter: check ? await auditHead(db) : '' };
}

test('every route of the route table has an expectation, and every expectation a route', async () => {
  const routes = s.server.routes.map((r) => `${r.method} ${r.url}`);
  const missing = routes.filter((r) => !(r in EXPECTED));
  const stale = Object.keys(EXPECTED).filter((k) => !routes.includes(k));
  assert.deepEqual(missing, [], `routes without an entry in EXPECTED (add one, with who may use it): ${missing.join(', ')}`);
  assert.deepEqual(stale, [], `entries in EXPECTED for routes that no longer exist: ${stale.join(', ')}`);
  for (const r of s.server.routes) {
    const e = EXPECTED[`${r.method} ${r.url}`];
    assert.ok(e, `${r.method} ${r.url} has no entry in EXPECTED`);
    const everyone = r.action === 'public' || s.app.registry.policies.can(ANONYMOUS, r.action);
    assert.equal(
      e.allow === 'public',
      everyone,
      `${r.method} ${r.url}: EXPECTED and the route table (${r.action}) disagree on whether anonymous visitors may use it`,
    );
    if (r.method === 'POST' || /[:*]/.test(r.url)) assert.ok(e.sample, `${r.method} ${r.url} needs a sample`);
  }
});

test('each cell of route × role × inside/outside × anonymous answers as expected, and refusals change nothing', async () => {
  const failures: string[] = [];
  const timing: Array<[string, number]> = [];
  let cells = 0;
  // Routes that end or replace the session run last, so earlier cells keep their sessions.
  const order = s.server.routes.map((r) => `${r.method} ${r.url}`).sort((p, q) => Number(!!EXPECTED[p]?.ownSession) - Number(!!EXPECTED[q]?.ownSession));
  for (const route of order) {
    const e = EXPECTED[route];
    if (!e) continue;
    let sample: Sample | null = null;
    const t0 = performance.now();
    const judge = (a: Actor, c: Awaited<ReturnType<typeof cell>>) => {
      const want = expected(e, a);
      cells++;
      if (c.outcome !== want)
        failures.push(
          `${route} as ${a}: expected ${want}, got ${c.r.status}${c.r.location ? ` → ${c.r.location}` : ''} ${c.outcome === 'other' ? pageMessage(c.r.body) : ''}`,
        );
      if (c.outcome === 'deny' && c.headAfter !== c.headBefore) failures.push(`${route} as ${a}: refused (${c.r.status}) but the audit trail moved`);
    };
    if (route.startsWith('GET ')) {
      // Reads use nothing up and write nothing (the injection tests walk every GET and check the
      // audit head), so the fifteen actors of a GET route ask at once.
      try {
        sample = e.sample ? await e.sample(x) : { url: route.split(' ')[1]! };
      } catch (err) {
        failures.push(`${route}: could not build a sample: ${(err as Error).message}`);
        continue;
      }
      const got = await Promise.all(actors.map((a) => cell(route, e, a, sample!, { checkAudit: false })));
      for (const [i, c] of got.entries()) judge(actors[i]!, c);
    } else {
      for (const a of actors) {
        try {
          sample ??= e.sample ? await e.sample(x) : { url: route.split(' ')[1]! };
        } catch (err) {
          failures.push(`${route}: could not build a sample: ${(err as Error).message}`);
          break;
        }
        const c = await cell(route, e, a, sample);
        judge(a, c);
        if (c.outcome === 'allow' && e.consumes) sample = null;
      }
    }
    timing.push([route, performance.now() - t0]);
  }
  if (process.env.GONGKAI_MATRIX_TIMING)
    console.log(
      timing
        .sort((p, q) => q[1] - p[1])
        .slice(0, 25)
        .map(([r, t]) => `${t.toFixed(0).padStart(6)} ms  ${r}`)
        .join('\n'),
    );
  assert.deepEqual(failures, []);
  assert.equal(cells, s.server.routes.length * actors.length);
});
