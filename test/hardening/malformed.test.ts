import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testServer, type TestServer, type TestClient, type Resp } from '../support/app.ts';
import { leaksInternals, pageMessage } from '../support/hardening.ts';
import { ROLES } from '../../src/platform/authz/roles.ts';
import { execute } from '../../src/platform/command.ts';
import { addUser } from '../../src/modules/identity/index.ts';
import type { RouteDef } from '../../src/platform/web/kit.ts';

/**
 * Malformed requests are 4xx, never 5xx (issue 9, item 4). Generated over the route table, so a new
 * route is covered without anyone remembering it: every route, public and admin, gets malformed
 * percent-encoding in each path parameter and in query values, and every POST route malformed
 * bodies of each content type (form, JSON, multipart without a boundary, with the wrong one, cut
 * short). The requests come from a user holding every role at the root, with a valid CSRF token,
 * so they reach the handlers rather than stopping at the door. Each answer is below 500, and a
 * refusal says what was wrong in Chinese (a page) or as a JSON error (the API).
 */

const BAD = ['%', '%E0%A4%A', '%ZZ', '%25'];
const CJK = /[\u4e00-\u9fff]/;

/** Query keys the handlers read (q.x / query.x in src/), found afresh each run, plus a few common ones. */
function queryKeys(): string[] {
  const keys = new Set(['q', 'page', 'year', 'org', 'back', 'to', 'script', 'next']);
  const root = new URL('../../src/', import.meta.url).pathname;
  for (const f of readdirSync(root, { recursive: true }) as string[]) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(join(root, f), 'utf8');
    for (const m of text.matchAll(/\b(?:q|query)\.([a-zA-Z][a-zA-Z0-9]*)\b/g)) keys.add(m[1]!);
  }
  return [...keys].sort();
}

/** The route's URL with each parameter filled in: `bad` for `which` (or every one), a harmless value for the rest. */
function fill(url: string, which: string | null, bad: string): string {
  return url.replace(/:([a-zA-Z]+)|\*/g, (_m, name: string | undefined) => {
    const key = name ?? '*';
    if (which === key) return bad;
    return key === '*' ? 'x' : NUMERIC.has(key) ? '999999' : 'x';
  });
}
const NUMERIC = new Set(['id', 'aid', 'cid', 'orgId', 'year', 'n']);

function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([a-zA-Z]+)|\*/g)].map((m) => m[1] ?? '*');
}

let s: TestServer;
let c: TestClient;
let token: string;

async function signIn(): Promise<void> {
  c = s.client();
  assert.equal((await c.login('malformed-all')).status, 303);
  token = await c.token();
}

before(async () => {
  s = await testServer({ demo: true, config: { rateLimitLogin: 100000, rateLimitForms: 100000, rateLimitSearch: 100000 } });
  await execute(s.system, addUser, {
    username: 'malformed-all',
    displayName: '全部角色',
    orgId: 1,
    password: 'Hongjiang@2016',
    grants: ROLES.map((role) => ({ role, orgId: 1 })),
  });
  await signIn();
});
after(() => s?.close());

interface Probe {
  route: RouteDef;
  what: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  /** The answer this probe must get, when it is the same for every route. */
  want?: { status: number; text: RegExp };
}

function judge(p: Probe, r: Resp, failures: string[]): void {
  const where = `${p.route.method} ${p.route.url} [${p.what}] ${p.method} ${p.url}`;
  if (r.status >= 500) {
    failures.push(`${where}: ${r.status} ${pageMessage(r.body).slice(0, 120)}`);
    return;
  }
  const leak = leaksInternals(r.body);
  if (leak) failures.push(`${where}: ${r.status} shows internals: ${leak}`);
  if (p.want && (r.status !== p.want.status || !p.want.text.test(r.body)))
    failures.push(`${where}: expected ${p.want.status} saying ${p.want.text}, got ${r.status} ${pageMessage(r.body).slice(0, 120)}`);
  if (r.status < 400) return;
  const type = String(r.headers['content-type'] ?? '');
  if (type.includes('json')) {
    let body: { error?: { message?: string } } = {};
    try {
      body = JSON.parse(r.body);
    } catch {
      /* checked below */
    }
    if (!body.error || !CJK.test(body.error.message ?? '')) failures.push(`${where}: ${r.status} JSON without a Chinese error: ${r.body.slice(0, 120)}`);
  } else if (!CJK.test(pageMessage(r.body))) {
    failures.push(`${where}: ${r.status} without a Chinese message: ${r.body.slice(0, 120)}`);
  }
}

function probesFor(route: RouteDef, keys: string[]): Probe[] {
  const out: Probe[] = [];
  const params = paramsOf(route.url);
  const plain = fill(route.url, null, '');
  const csrf = { 'x-csrf-token': token };
  const form = { ...csrf, 'content-type': 'application/x-www-form-urlencoded' };
  // A POST carries the session's token and an empty form, so it gets past the CSRF check.
  const body = route.method === 'POST' ? { headers: form, payload: `_csrf=${token}` } : {};
  for (const bad of BAD) {
    // '%25' is a well-formed escape (a literal '%'): whatever the route makes of it, never a 5xx.
    const broken = bad === '%25' ? undefined : { status: 400, text: /百分号编码无效/ };
    for (const p of params) out.push({ route, what: `path :${p} = ${bad}`, method: route.method, url: fill(route.url, p, bad), want: broken, ...body });
    out.push({ route, what: `query values = ${bad}`, method: route.method, url: `${plain}?${keys.map((k) => `${k}=${bad}`).join('&')}`, ...body });
    out.push({ route, what: `query key = ${bad}`, method: route.method, url: `${plain}?${bad}=1`, ...body });
  }
  if (route.method !== 'POST') return out;
  const unsupported = { status: 415, text: /不支持的提交格式/ };
  out.push({ route, what: 'form %%%', method: 'POST', url: plain, headers: form, payload: '%%%' });
  out.push({ route, what: 'form a=%E0', method: 'POST', url: plain, headers: form, payload: `_csrf=${token}&a=%E0&%E0%A4%A=%ZZ` });
  out.push({
    route,
    what: 'JSON garbage',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'application/json' },
    payload: '{"a": %',
    want: unsupported,
  });
  out.push({
    route,
    what: 'JSON with objects',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'application/json' },
    payload: JSON.stringify({ _csrf: token, title: { a: [1] }, orgId: { toString: 1 } }),
    want: unsupported,
  });
  out.push({
    route,
    what: 'unknown type',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'application/x-gongkai' },
    payload: 'x',
    want: unsupported,
  });
  const part = `--b0undary\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
  // Only upload routes read a multipart body; elsewhere it is an empty form, refused by the handler.
  const upload = (text: RegExp) => (route.multipart ? { status: 400, text } : undefined);
  out.push({
    route,
    what: 'multipart without boundary',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'multipart/form-data' },
    payload: `${part}xyz\r\n--b0undary--\r\n`,
    want: upload(/上传内容的格式有误/),
  });
  out.push({
    route,
    what: 'multipart wrong boundary',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'multipart/form-data; boundary=other' },
    payload: `${part}xyz\r\n--b0undary--\r\n`,
    want: upload(/上传内容不完整/),
  });
  out.push({
    route,
    what: 'multipart truncated',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'multipart/form-data; boundary=b0undary' },
    payload: `${part}xyz`,
    want: upload(/上传内容不完整/),
  });
  out.push({
    route,
    what: 'multipart headers cut',
    method: 'POST',
    url: plain,
    headers: { ...csrf, 'content-type': 'multipart/form-data; boundary=b0undary' },
    payload: `--b0undary\r\nContent-Disposition: form-da`,
    want: upload(/上传内容不完整/),
  });
  return out;
}

test('every route answers malformed addresses, queries and bodies with a 4xx naming the problem, never a 5xx', async () => {
  const keys = queryKeys();
  const failures: string[] = [];
  let probes = 0;
  // Routes that end or change the session go last; the rest keep one session.
  const routes = [...s.server.routes].sort((a, b) => Number(/login|logout|account/.test(a.url)) - Number(/login|logout|account/.test(b.url)));
  for (const route of routes) {
    const list = probesFor(route, keys);
    const run = async (p: Probe) => {
      const r = await c.request(p.method, p.url, { headers: p.headers, payload: p.payload });
      judge(p, r, failures);
    };
    if (route.method === 'GET') await Promise.all(list.map(run));
    else for (const p of list) await run(p);
    probes += list.length;
    if (!c.cookies.get('gk_sid')) await signIn();
  }
  assert.deepEqual(failures, []);
  assert.ok(probes > s.server.routes.length * 6, `only ${probes} probes`);
});

test('the addresses named in the issue: a literal % is looked up, a broken escape is named, the API answers JSON', async () => {
  const anon = s.client();
  const item = await anon.get('/item/%25');
  assert.equal(item.status, 404, pageMessage(item.body));
  assert.match(pageMessage(item.body), /信息不存在/);
  const api = await anon.get('/api/v1/items/%25');
  assert.equal(api.status, 404);
  assert.match(JSON.parse(api.body).error.message, /没有索引号为 % 的公开信息/);
  for (const url of ['/api/v1/items/%E0%A4%A', '/api/v1/items?year=2016&org=%E0%A4%A/x', '/api/v1/items/%ZZ']) {
    const r = await anon.get(url);
    if (url.includes('?')) {
      assert.ok(r.status < 500, `${url}: ${r.status}`);
      continue;
    }
    assert.equal(r.status, 400, url);
    assert.match(String(r.headers['content-type']), /json/);
    const e = JSON.parse(r.body).error;
    assert.equal(e.code, 'bad_url');
    assert.match(e.message, /百分号编码无效/);
  }
  const page = await anon.get('/item/%E0%A4%A');
  assert.equal(page.status, 400);
  assert.match(String(page.headers['content-type']), /html/);
  assert.match(page.body, /百分号编码无效/);
  assert.equal(page.headers['x-frame-options'], 'DENY', 'security headers on the router refusal too');
});

test('a body over the limit is 413 naming it, not a 500', async () => {
  const anon = s.client();
  const token = await anon.token();
  const r = await anon.request('POST', '/requests/apply', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${token}&infoName=${'a'.repeat(1100 * 1024)}`,
  });
  assert.equal(r.status, 413);
  assert.match(pageMessage(r.body), /提交的内容过大/);
});
