import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launchBrowser, liveServer, newPage, type LiveServer, type Browser, type Page } from '../support/browser.ts';
import type { TestClient, Resp } from '../support/app.ts';
import { auditHead, findForm, formValues, leaksInternals, linksOf, pageMessage, TINY_PNG } from '../support/hardening.ts';
import { execute } from '../../src/platform/command.ts';
import { addUser } from '../../src/modules/identity/index.ts';
import { ROLES } from '../../src/platform/authz/roles.ts';

/**
 * Injection and scripting (issue 6, item 5). Hostile markup goes into every text field of the
 * forms that store text, into upload file names and into every query parameter; every page that
 * shows it back is then opened in the real browser, where nothing may run (no dialog, no
 * `window.__pwned`) and the DOM may hold no injected element (no inline script, no event-handler
 * attribute, no `javascript:` URL) — so the test fails on an escaping mistake even though the CSP
 * would still block the script. SQL and path-traversal payloads find nothing and leak nothing.
 * CSRF: every state-changing route of the route table refuses a post without this session's token,
 * and no GET changes anything. Every route answers with the security headers.
 */

let s: LiveServer;
let browser: Browser;
let office: TestClient;
let admin: TestClient;
let applicant: TestClient;
const TODAY = '2026-11-27';

/** Short enough for every length limit; each one would set window.__pwned if it ran. */
const XSS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror=window.__pwned=2>',
  "'><svg onload=window.__pwned=3>",
  'javascript:window.__pwned=4',
  '</textarea><script>window.__pwned=5</script>',
  '<iframe srcdoc="<script>parent.__pwned=6</script>">',
  '<a href="javascript:window.__pwned=7">点此</a>',
  "{{constructor.constructor('window.__pwned=8')()}}",
];
const MARK = '__pwned';
/** A payload that survived unescaped, as markup. */
const RAW = /<script>window\.__pwned|<img src=x onerror|<svg onload|<iframe srcdoc|href="javascript:/;
/** Downloaded HTML files found carrying raw markup. */
const downloads: string[] = [];
const payload = (i: number): string => XSS[i % XSS.length]!;

before(async () => {
  s = await liveServer({ demo: true, config: { rateLimitForms: 1_000_000, rateLimitLogin: 1_000_000, rateLimitSearch: 1_000_000 } });
  browser = await launchBrowser();
  office = s.client();
  await office.login('office');
  admin = s.client();
  await admin.login('admin');
  applicant = s.client();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const db = () => s.app.database.db;
const TEXTLIKE = new Set(['text', 'search', 'url', 'textarea']);

/**
 * Fill every text field of a form with hostile markup (keeping `valid` values for the rest), post
 * it, and when validation refuses some fields, put valid values back into just those and retry:
 * what the form accepts is stored with markup in it. Returns the final answer and the fields that
 * carried markup into the record.
 */
async function fillWithPayloads(
  c: TestClient,
  page: string,
  action: string,
  valid: Record<string, string>,
  opts: { keep?: string[] } = {},
): Promise<{ r: Resp; hostile: string[] }> {
  const p = await c.get(page);
  const form = findForm(p.body, action);
  assert.ok(form, `no form posting to ${action} on ${page}`);
  const values = { ...formValues(form, { fillSelects: true }), ...valid };
  delete values._csrf;
  let hostile = form.fields.filter((f) => TEXTLIKE.has(f.type) && !opts.keep?.includes(f.name)).map((f) => f.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const body = { ...values };
    for (const [i, f] of hostile.entries()) body[f] = payload(i + attempt);
    const r = await c.post(action, body, { csrf: await c.token() });
    if (r.status !== 400) return { r, hostile };
    const refused = [...r.body.matchAll(/name="([^"]+)"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    if (!refused.length) return { r, hostile };
    hostile = hostile.filter((f) => !refused.includes(f));
  }
  throw new Error(`${action}: the form never accepted the values`);
}

function idOf(location: string | undefined, re: RegExp): number {
  const m = re.exec(location ?? '');
  assert.ok(m, `no id in ${location}`);
  return Number(m[1]);
}

interface Planted {
  item: { id: number; indexNo: string };
  request: { id: number; code: string };
  org: number;
  user: number;
  fields: string[];
}
let planted: Planted;

async function plant(): Promise<Planted> {
  const fields: string[] = [];
  // A catalogue item: every text field, an attachment with a hostile name, then published.
  const item = await fillWithPayloads(
    office,
    '/admin/catalogue/new',
    '/admin/catalogue',
    { orgId: '2', columnId: '1', title: '注入测试', formedOn: '2026-11-20', topic: '综合政务/政务公开', genre: '通知' },
    { keep: ['title'] },
  );
  assert.equal(item.r.status, 303, pageMessage(item.r.body));
  fields.push(...item.hostile.map((f) => `item.${f}`));
  const itemId = idOf(item.r.location, /\/admin\/catalogue\/(\d+)/);
  // The title keeps a searchable word in front of the markup.
  const { _csrf: _drop, ...edit } = formValues(findForm((await office.get(`/admin/catalogue/${itemId}/edit`)).body, `/admin/catalogue/${itemId}/edit`)!);
  const t = await office.post(`/admin/catalogue/${itemId}/edit`, { ...edit, title: `注入测试${XSS[0]}` }, { csrf: await office.token() });
  assert.equal(t.status, 303, pageMessage(t.body));
  fields.push('item.title');
  const up = await office.postMultipart(
    `/admin/catalogue/${itemId}/attachments`,
    {},
    [{ field: 'file', name: `${XSS[1]}.png`, bytes: TINY_PNG, type: 'image/png' }],
    { csrf: await office.token() },
  );
  assert.equal(up.status, 303, pageMessage(up.body));
  const trav = await office.postMultipart(
    `/admin/catalogue/${itemId}/attachments`,
    {},
    [{ field: 'file', name: '../../../../tmp/gongkai-traversal.png', bytes: TINY_PNG, type: 'image/png' }],
    { csrf: await office.token() },
  );
  assert.ok(trav.status < 500);
  fields.push('attachment name');
  assert.equal((await office.post(`/admin/catalogue/${itemId}/submit`, {}, { csrf: await office.token() })).status, 303);
  assert.equal((await office.post(`/admin/catalogue/${itemId}/approve`, { publish: '1' }, { csrf: await office.token() })).status, 303);
  const indexNo = (await db().selectFrom('cat_items').select('index_no').where('id', '=', itemId).executeTakeFirstOrThrow()).index_no!;

  // A public application: every text field of the applicant's form.
  const apply = await fillWithPayloads(
    applicant,
    '/requests/apply',
    '/requests/apply',
    {
      orgId: '1',
      applicantType: 'natural',
      applicantName: '注入申请人',
      idType: 'resident_id',
      idNumber: '431202198504120032',
      phone: '13700001111',
      infoName: '注入测试所需信息',
      deliveryForm: 'electronic',
      deliveryChannel: 'online',
      step: 'submit',
    },
    { keep: ['idNumber', 'phone', 'email', 'postcode'] },
  );
  assert.equal(apply.r.status, 303, pageMessage(apply.r.body));
  fields.push(...apply.hostile.map((f) => `application.${f}`));
  const done = await applicant.get('/requests/apply/done');
  const code = /class="value mono">([0-9A-Z-]+)</.exec(done.body)![1]!;
  const req = await db().selectFrom('requests').select(['id', 'applicant_name']).where('query_code', '=', code).executeTakeFirstOrThrow();
  const rid = Number(req.id);
  assert.equal((await office.post(`/admin/requests/${rid}/confirm`, { receivedOn: TODAY }, { csrf: await office.token() })).status, 303);
  const corr = await fillWithPayloads(office, `/admin/requests/${rid}`, `/admin/requests/${rid}/correction`, { noticeOn: TODAY, periodDays: '15' });
  assert.equal(corr.r.status, 303, pageMessage(corr.r.body));
  fields.push(...corr.hostile.map((f) => `correction.${f}`));
  // The applicant tracks it (by name, itself hostile) and answers the correction with markup.
  const tr = await applicant.post('/requests/track', { code, who: req.applicant_name }, { csrf: await applicant.token() });
  assert.ok(tr.status === 200 || tr.status === 303, pageMessage(tr.body));
  const answer = await applicant.post('/requests/track/correct', { text: `补正${XSS[2]}` }, { csrf: await applicant.token() });
  assert.equal(answer.status, 303, pageMessage(answer.body));
  const ra = await office.postMultipart(`/admin/requests/${rid}/attach`, {}, [{ field: 'file', name: `${XSS[2]}.txt`, bytes: Buffer.from('公开的信息') }], {
    csrf: await office.token(),
  });
  assert.equal(ra.status, 303, pageMessage(ra.body));
  fields.push('request attachment name', 'correction answer');

  // Reports: an activity, a concern and the narrative of a report.
  for (const [page, action, valid] of [
    ['/admin/reports/activities', '/admin/reports/activities', { orgId: '1', kind: 'press_conference', heldOn: '2026-11-20', title: '注入测试发布会' }],
    ['/admin/reports/concerns', '/admin/reports/concerns', { orgId: '1', raisedOn: '2026-11-20', title: '注入测试关注' }],
    ['/admin/reports/2/2025/narrative', '/admin/reports/2/2025/narrative', {}],
    [
      '/admin/appeals/new',
      '/admin/appeals',
      {
        orgId: '1',
        kind: 'reconsideration',
        route: '',
        coDefendantOrgId: '',
        filedOn: '2026-11-02',
        result: 'pending',
        decidedOn: '',
        body: '怀化市人民政府',
        appellant: '某申请人',
        caseNumber: '怀政复〔2026〕99号',
      },
    ],
    ['/admin/catalogue/columns', '/admin/catalogue/columns', { key: 'xsscol', kind: 'items', parentId: '', href: '', name: '注入栏目', sortOrder: '998' }],
  ] as Array<[string, string, Record<string, string>]>) {
    const r = await fillWithPayloads(office, page, action, valid, { keep: ['key', 'href', 'heldOn', 'raisedOn', 'filedOn', 'decidedOn'] });
    assert.equal(r.r.status, 303, `${action}: ${pageMessage(r.r.body)}`);
    fields.push(...r.hostile.map((f) => `${action}.${f}`));
  }
  // Administration: an org and a user with hostile names.
  const org = await fillWithPayloads(
    admin,
    '/admin/orgs',
    '/admin/orgs',
    { parentId: '1', kind: 'department', sortOrder: '950', name: '洪江区注入测试局', shortName: '注入局' },
    { keep: ['code', 'postcode', 'phone', 'fax', 'email', 'website'] },
  );
  assert.equal(org.r.status, 303, pageMessage(org.r.body));
  fields.push(...org.hostile.map((f) => `org.${f}`));
  const user = await fillWithPayloads(
    admin,
    '/admin/users',
    '/admin/users',
    { username: 'xssuser', password: 'Xss@Test-2026-ok', orgId: '2', role: 'editor', displayName: '注入用户' },
    { keep: ['username', 'password'] },
  );
  assert.equal(user.r.status, 303, pageMessage(user.r.body));
  fields.push(...user.hostile.map((f) => `user.${f}`));
  return {
    item: { id: itemId, indexNo },
    request: { id: rid, code },
    org: idOf(org.r.location, /\/admin\/orgs\/(\d+)/),
    user: idOf(user.r.location, /\/admin\/users\/(\d+)/),
    fields,
  };
}

/** Pages reachable from `seeds` (one hop further) whose HTML carries the marker. */
async function pagesShowingMarker(c: TestClient, seeds: string[], limit: number): Promise<string[]> {
  const seen = new Set<string>();
  const showing: string[] = [];
  const queue = seeds.map((u) => ({ u, depth: 0 }));
  while (queue.length && seen.size < limit) {
    const { u, depth } = queue.shift()!;
    if (seen.has(u) || /logout|\.(pdf|docx|xlsx|csv|svg|png|xml|json)(\?|$)|\/files\/|\/attachments\/|\/assets\/|\/prefs\//.test(u)) continue;
    seen.add(u);
    const r = await c.get(u);
    if (r.status !== 200 || !String(r.headers['content-type']).includes('html')) continue;
    if (String(r.headers['content-disposition'] ?? '').startsWith('attachment')) {
      // A downloaded HTML file (the report export) opens from disk, outside the CSP: it must be inert as text.
      if (RAW.test(r.body)) downloads.push(u);
      continue;
    }
    if (r.body.includes(MARK)) showing.push(u);
    if (depth < 1) for (const l of linksOf(r.body, u)) if (!seen.has(l) && !/[?&]page=([3-9]|\d\d)/.test(l)) queue.push({ u: l, depth: depth + 1 });
  }
  return showing;
}

async function inspect(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  };
  const onConsole = (m: { text(): string }) => {
    if (/Content Security Policy|Refused to/.test(m.text())) problems.push(`CSP had to block something: ${m.text().slice(0, 160)}`);
  };
  page.on('dialog', onDialog);
  page.on('console', onConsole);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(50);
  const found = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const all = Array.from(document.querySelectorAll('*'));
    return {
      pwned: w.__pwned ?? null,
      inlineScripts: Array.from(document.scripts)
        .filter((x) => !x.src)
        .map((x) => x.outerHTML.slice(0, 80)),
      handlers: all.filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
      jsUrls: all
        .filter((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].some((a) => /^\s*javascript:/i.test(e.getAttribute(a) ?? '')))
        .map((e) => e.outerHTML.slice(0, 80)),
      frames: Array.from(document.querySelectorAll('iframe, object, embed, frame')).map((e) => e.outerHTML.slice(0, 80)),
    };
  });
  page.off('dialog', onDialog);
  page.off('console', onConsole);
  if (found.pwned !== null) problems.push(`a payload ran: window.__pwned = ${found.pwned}`);
  for (const k of ['inlineScripts', 'handlers', 'jsUrls', 'frames'] as const) for (const x of found[k]) problems.push(`${k}: ${x}`);
  return problems.map((p) => `${url}: ${p}`);
}

test('hostile markup in every text field and upload name is shown as text on every page that shows it: nothing runs in the browser', {
  timeout: 600_000,
}, async () => {
  planted = await plant();
  assert.ok(planted.fields.length >= 25, `markup went into ${planted.fields.length} fields: ${planted.fields.join(', ')}`);
  const [publicPages, staffPages, applicantPages] = [
    await pagesShowingMarker(
      s.client(),
      [
        '/',
        `/item/${planted.item.indexNo}`,
        '/column/zwxx',
        `/search?q=${encodeURIComponent('注入测试')}`,
        '/catalogue',
        '/guide',
        '/nianbao',
        '/column/xsscol',
      ],
      120,
    ),
    await pagesShowingMarker(
      office,
      [
        '/admin',
        `/admin/catalogue/${planted.item.id}`,
        `/admin/catalogue?q=${encodeURIComponent('注入测试')}`,
        `/admin/requests/${planted.request.id}`,
        '/admin/requests',
        '/admin/reports/activities?year=2026',
        '/admin/reports/concerns?year=2026',
        '/admin/reports/2/2025',
        '/admin/reports/2/2025/narrative',
        '/admin/appeals',
        '/admin/catalogue/columns',
        '/admin/audit',
      ],
      150,
    ),
    await pagesShowingMarker(applicant, ['/requests/track/view'], 5),
  ];
  const adminPages = await pagesShowingMarker(admin, ['/admin/orgs', `/admin/orgs/${planted.org}`, '/admin/users', `/admin/users/${planted.user}`], 20);
  // The pages that must show the stored text back (and so were checked), at the least:
  for (const must of [`/item/${planted.item.indexNo}`, `/search?q=${encodeURIComponent('注入测试')}`])
    assert.ok(publicPages.includes(must), `public page ${must} shows the item`);
  for (const must of [`/admin/catalogue/${planted.item.id}`, `/admin/requests/${planted.request.id}`])
    assert.ok(staffPages.includes(must), `staff page ${must} shows the records`);
  assert.ok(applicantPages.includes('/requests/track/view'));
  assert.ok(adminPages.includes(`/admin/users/${planted.user}`) && adminPages.includes(`/admin/orgs/${planted.org}`));

  if (process.env.GONGKAI_DEBUG) console.log({ fields: planted.fields, publicPages, staffPages, applicantPages, adminPages });
  const problems: string[] = [];
  const visit = async (urls: string[], login?: (p: Page) => Promise<void>) => {
    const page = await newPage(browser);
    if (login) await login(page);
    for (const u of urls.slice(0, 60)) problems.push(...(await inspect(page, s.base + u)));
    await page.context().close();
  };
  await visit(publicPages);
  await visit(staffPages, async (p) => {
    await p.context().addCookies([...office.cookies].map(([name, value]) => ({ name, value, url: s.base })));
  });
  await visit(adminPages, async (p) => {
    await p.context().addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: s.base })));
  });
  await visit(applicantPages, async (p) => {
    await p.context().addCookies([...applicant.cookies].map(([name, value]) => ({ name, value, url: s.base })));
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(downloads, [], 'downloaded HTML with markup in it unescaped');
});

/** A URL for each route of the route table, with ids that exist. */
function sampleUrl(url: string): string {
  const ids: Record<string, string> = {
    id: '1',
    aid: '1',
    cid: '1',
    orgId: '2',
    year: '2025',
    key: 'zwxx',
    n: '1',
    ext: 'pdf',
    kind: 'csv',
    table: 't1',
    row: 'a',
    col: 'b',
    name: 'monthly',
    action: 'confirm',
  };
  return url.replace('/*', '/000614029/2016-00001').replace(/:(\w+)/g, (_m, k: string) => ids[k] ?? '1');
}

test('hostile query parameters on every GET route: no server error, no markup reflected unescaped, no stack trace, no off-site redirect', async () => {
  const q = new URLSearchParams();
  for (const k of ['q', 'page', 'sort', 'year', 'org', 'column', 'state', 'next', 'back', 'to', 'choice', 'type', 'format', 'pageSize'])
    q.set(k, payload(k.length + 1));
  q.set('next', '//evil.example/x');
  q.set('back', 'https://evil.example/');
  const failures: string[] = [];
  for (const c of [s.client(), office]) {
    for (const r of s.server.routes.filter((x) => x.method === 'GET')) {
      const url = `${sampleUrl(r.url)}?${q}`;
      const res = await c.get(url);
      const type = String(res.headers['content-type'] ?? '');
      if (res.status >= 500) failures.push(`${url}: ${res.status}`);
      if (leaksInternals(res.body)) failures.push(`${url}: internals ${leaksInternals(res.body)}`);
      if (/html|xml/.test(type) && RAW.test(res.body)) failures.push(`${url}: markup reflected unescaped`);
      if (res.location && /^(https?:)?\/\/|^\/\\/.test(res.location)) failures.push(`${url}: redirects off-site to ${res.location}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('hostile path parameters on every route (not a number, a fraction, huge, negative, quoted): never a server error', async () => {
  const failures: string[] = [];
  const bad = ['abc', '1.5', '-1', '99999999999999999999', "1'", '%00', '..%2F..', 'NaN'];
  const token = await office.token();
  for (const r of s.server.routes.filter((x) => /:\w+|\*/.test(x.url))) {
    for (const v of bad) {
      const url = r.url.replace('/*', `/${v}`).replace(/:(\w+)/g, v);
      for (const c of [office, s.client()]) {
        const res =
          r.method === 'GET' ? await c.get(url) : await c.post(url, { reason: '测试', text: '测试' }, { csrf: c === office ? token : await c.token() });
        if (res.status >= 500) failures.push(`${r.method} ${url}${c === office ? ' (office)' : ''}: ${res.status} ${pageMessage(res.body).slice(0, 120)}`);
        if (leaksInternals(res.body)) failures.push(`${r.method} ${url}: internals`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('a NUL character in any posted field is refused with 400 naming the field, on both engines, and writes nothing', async () => {
  const failures: string[] = [];
  const c = s.client();
  const count = async () =>
    Number(
      (
        await db()
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  const posts: Array<[TestClient, string, Record<string, string>]> = [
    [
      c,
      '/requests/apply',
      {
        orgId: '1',
        applicantType: 'natural',
        applicantName: '张\u0000三',
        idType: 'resident_id',
        idNumber: '431202198504120032',
        phone: '13700001111',
        infoName: '道路改造计划',
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
        step: 'submit',
        idempotencyKey: 'nul-test-0000000001',
      },
    ],
    [c, '/requests/track', { code: 'ABCD-EFGH-JKLM', who: '\u0000' }],
    [c, '/admin/login', { username: 'office\u0000', password: 'x' }],
    [office, '/admin/catalogue', { orgId: '2', title: '空字符\u0000测试', body: '正文', formedOn: '2026-11-20' }],
  ];
  for (const [client, url, form] of posts) {
    const r = await client.post(url, form, { csrf: await client.token() });
    const field = Object.entries(form).find(([, v]) => v.includes('\u0000'))![0];
    if (r.status !== 400 || !r.body.includes(field) || !r.body.includes('空字符')) failures.push(`${url}: ${r.status} ${pageMessage(r.body).slice(0, 120)}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(await count(), before);
});

test('SQL injection and path traversal find nothing and leak nothing', async () => {
  const sql = ["' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE requests; --", '" OR ""="', "1' UNION SELECT id_number FROM requests --", '%', '_', '\\'];
  const c = s.client();
  const countBefore = (await db().selectFrom('requests').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
  for (const p of sql) {
    const t = await c.post('/requests/track', { code: p, who: p }, { csrf: await c.token() });
    assert.ok([400, 404].includes(t.status), `tracking with ${p}: ${t.status}`);
    assert.doesNotMatch(t.body, /申请办理进度<\/h1>/, `tracking with ${p} opened a request`);
    const l = await c.post('/admin/login', { username: p, password: p }, { csrf: await c.token() });
    assert.equal(l.status, 401, `login with ${p}`);
    for (const url of [
      `/search?q=${encodeURIComponent(p)}`,
      `/api/v1/search?q=${encodeURIComponent(p)}`,
      `/api/v1/items?org=${encodeURIComponent(p)}&year=${encodeURIComponent(p)}`,
      `/admin/catalogue?q=${encodeURIComponent(p)}`,
      `/admin/requests?q=${encodeURIComponent(p)}`,
    ]) {
      const r = await (url.startsWith('/admin') ? office : c).get(url);
      assert.ok(r.status < 500, `${url}: ${r.status}`);
      assert.equal(leaksInternals(r.body), null, `${url}`);
      assert.ok(!/\d{17}[\dX]/.test(r.body.replace(/\d{18,}/g, '')) || url.startsWith('/admin'), `${url} shows an ID number`);
    }
  }
  assert.equal(
    (await db().selectFrom('requests').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    countBefore,
    'the requests are all still there',
  );
  for (const url of [
    '/assets/..%2F..%2F..%2Fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fserver.ts',
    '/files/1/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/files/..%2F..%2Fetc/passwd',
    '/item/..%2F..%2F..%2Fetc%2Fpasswd',
    '/api/v1/items/..%2F..%2F..%2Fetc%2Fpasswd',
    '/column/..%2F..%2Fetc',
    '/nianbao/2025/..%2F..%2F7/report.csv',
    '/reports/..%2F..%2Fpackage.json',
    '/requests/track/letter.%2e%2e%2fpdf',
  ]) {
    const r = await c.get(url);
    // (A file's name in its URL is cosmetic: /files/ID/anything serves file ID, never a path.)
    assert.ok(r.status < 500, `${url}: ${r.status}`);
    assert.doesNotMatch(r.body, /root:x:0:0|"dependencies"|import Fastify/, `${url} served a file from disk`);
  }
  assert.ok(!existsSync('/tmp/gongkai-traversal.png'), 'an upload name cannot place a file outside the store');
});

test('every state-changing route refuses a post without this session’s CSRF token, and no GET changes anything', async () => {
  // One user holding every role at the root passes every route's policy: only the token is missing.
  await execute(s.system, addUser, {
    username: 'allroles',
    displayName: '全部角色',
    orgId: 1,
    password: 'Hongjiang@2016',
    grants: ROLES.map((role) => ({ role, orgId: 1 })),
  });
  const c = s.client();
  assert.equal((await c.login('allroles')).status, 303);
  const other = s.client();
  await other.login('office');
  const foreign = await other.token();
  const failures: string[] = [];
  const posts = s.server.routes.filter((r) => r.method !== 'GET');
  assert.ok(posts.length >= 40, `${posts.length} state-changing routes`);
  for (const r of posts) {
    const url = sampleUrl(r.url);
    for (const [label, token] of [
      ['no token', false],
      ['a token of another session', foreign],
      ['a forged token', 'A'.repeat(foreign.length)],
    ] as const) {
      const head = await auditHead(db());
      const res = r.multipart
        ? await c.postMultipart(url, {}, [{ field: 'file', name: 'a.png', bytes: TINY_PNG }], { csrf: token })
        : await c.post(url, { reason: '测试理由', text: '测试', name: '测试' }, { csrf: token });
      if (res.status !== 403) failures.push(`${r.method} ${r.url} with ${label}: ${res.status} ${pageMessage(res.body).slice(0, 100)}`);
      if ((await auditHead(db())) !== head) failures.push(`${r.method} ${r.url} with ${label}: something was written`);
    }
  }
  // Safe methods stay safe: walking every GET route as that user writes nothing.
  const head = await auditHead(db());
  for (const r of s.server.routes.filter((x) => x.method === 'GET')) await c.get(sampleUrl(r.url));
  if ((await auditHead(db())) !== head) failures.push('a GET route wrote to the audit trail');
  assert.deepEqual(failures, []);
});

test('every route answers with the security headers: CSP without inline scripts, frame-ancestors, nosniff, referrer policy', async () => {
  const failures: string[] = [];
  const check = (what: string, h: Resp['headers']) => {
    const csp = String(h['content-security-policy'] ?? '');
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)?.[1] ?? '';
    if (!csp) failures.push(`${what}: no Content-Security-Policy`);
    else {
      if (!scriptSrc || /'unsafe-inline'|'unsafe-eval'|\*|data:/.test(scriptSrc))
        failures.push(`${what}: script-src allows inline or foreign scripts (${scriptSrc})`);
      if (!/frame-ancestors ('none'|'self')/.test(csp)) failures.push(`${what}: no frame-ancestors`);
      if (!/object-src 'none'/.test(csp)) failures.push(`${what}: objects allowed`);
    }
    if (h['x-content-type-options'] !== 'nosniff') failures.push(`${what}: no nosniff`);
    if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(String(h['referrer-policy'] ?? '')))
      failures.push(`${what}: referrer policy ${h['referrer-policy']}`);
  };
  const c = s.client();
  for (const r of s.server.routes) {
    const url = sampleUrl(r.url);
    const res = r.method === 'GET' ? await office.get(url) : await c.post(url, {});
    check(`${r.method} ${r.url} (${res.status})`, res.headers);
    if (r.method === 'GET') {
      check(`${r.method} ${r.url} anonymous`, (await c.get(url)).headers);
      // Again: an anonymous page may now come from the page cache, which answers early.
      check(`${r.method} ${r.url} anonymous, second time`, (await c.get(url)).headers);
    }
  }
  check('404', (await c.get('/no/such/page')).headers);
  check('asset', (await c.get('/assets/site.css')).headers);
  assert.deepEqual(failures, []);
});
