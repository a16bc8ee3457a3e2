import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer } from '../support/app.ts';
import { safeNext } from '../../src/platform/web/redirect.ts';

/**
 * `next` after login, as an attacker would put it in a link: each entry is the raw text after
 * `next=` in the address (already percent-encoded where a browser would need it). Whatever it is,
 * the browser must stay on our origin, and the login must never be a 500.
 */
const HOSTILE = [
  '//evil.example/',
  '/\\evil.example/',
  '/%5Cevil.example/',
  '%5C%5Cevil.example/',
  'http://evil.example/',
  'https:evil.example',
  'HTTPS://evil.example',
  '/%09/evil.example/',
  '/%0A/evil.example/',
  '/%0D/evil.example/',
  '%09//evil.example/',
  '%20//evil.example/',
  '%00//evil.example/',
  '%1F/%2Fevil.example',
  '/%2F%2Fevil.example',
  '/%2F/evil.example',
  '//%09evil.example',
  '/%EF%BC%8F/evil.example',
  '%EF%BC%8F%EF%BC%8Fevil.example',
  '/%E3%80%82/evil.example',
  '/%0D%0ASet-Cookie:x=1',
  '/.//evil.example',
  '/./%2F/evil.example',
  'javascript:alert(1)',
  'data:text/html,x',
  '///evil.example',
  '/%5C/evil.example',
  '/%09%5Cevil.example',
  '%E3%80%80//evil.example',
  '@evil.example',
  'evil.example',
  '',
];

/** Paths of our own (as the query parser hands them over, decoded once) that must survive. */
const HONEST = [
  '/admin/requests',
  '/admin/requests?status=open&page=2',
  '/admin/catalogue/12#versions',
  '/admin/search?q=%E5%85%AC%E5%BC%80',
  '/admin/users/3',
];

const ORIGIN = 'https://xxgk.hongjiang.gov.cn';

test('safeNext: every hostile next is refused or stays on this origin, as a browser would resolve it', () => {
  assert.ok(HOSTILE.length >= 20);
  for (const raw of HOSTILE) {
    const decoded = decodeURIComponent(raw);
    const out = safeNext(decoded);
    if (out === null) continue;
    assert.equal(new URL(out, ORIGIN).origin, ORIGIN, `${raw} → ${out}`);
    assert.match(out, /^\/[^/\\]/, `${raw} → ${out}: one leading slash`);
    assert.match(out, /^[\x21-\x7e]+$/, `${raw} → ${out}: printable ASCII, a header can carry it`);
  }
  // The ones a browser reads as another host are refused outright, not just rewritten.
  for (const raw of [
    '//evil.example/',
    '/\\evil.example/',
    '/%09/evil.example/',
    '/%2F%2Fevil.example',
    '/.//evil.example',
    'http://evil.example/',
    '%09//evil.example/',
  ]) {
    assert.equal(safeNext(decodeURIComponent(raw)), null, raw);
  }
});

test('safeNext: honest paths of our own survive unchanged', () => {
  for (const path of HONEST) assert.equal(safeNext(path), path, path);
});

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true });
});
after(() => s.close());

test('login with a hostile next (on the page and in the posted form) lands on this origin: 303, never a 500', async () => {
  const origin = 'http://gongkai.test';
  let ip = 1;
  const cases: Array<[string, string]> = [
    ...HOSTILE.map((raw): [string, string] => [raw, '/admin']),
    ...HONEST.map((path): [string, string] => [encodeURIComponent(path), path]),
  ];
  for (const [raw, want] of cases) {
    const c = s.client();
    c.ip = `10.77.0.${ip++}`; // one client per entry: the login rate limit is not what is tested here
    if (raw.includes('%00')) {
      // A NUL anywhere in an address is refused at the door for every route (server.ts): 400, not 500.
      assert.equal((await c.get(`/admin/login?next=${raw}`)).status, 400);
      assert.equal((await c.post(`/admin/login?next=${raw}`, { username: 'office', password: 'Hongjiang@2016' })).status, 400);
      continue;
    }
    const page = await c.get(`/admin/login?next=${raw}`);
    assert.equal(page.status, 200, `GET next=${raw}`);
    // The form carries next in its action: what it carries is already judged.
    const action = /<form[^>]+action="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(action, `GET next=${raw}: a form`);
    const carried = new URL(action!, origin).searchParams.get('next') ?? '';
    assert.equal(new URL(carried, origin).origin, origin, `GET next=${raw}: the form carries ${carried}`);
    // Post the hostile next as the attacker's link would, not only as our form re-encodes it.
    const r = await c.post(`/admin/login?next=${raw}`, { username: 'office', password: 'Hongjiang@2016' });
    assert.equal(r.status, 303, `POST next=${raw}: ${r.status}`);
    const location = r.location ?? '';
    assert.equal(new URL(location, origin).origin, origin, `POST next=${raw} → Location ${JSON.stringify(location)}`);
    assert.doesNotMatch(location, /[\s\\]/, `POST next=${raw}: no whitespace or backslash in Location`);
    assert.equal(location, want, `POST next=${raw}: a hostile next lands on the dashboard, an honest one where it asked`);
  }
  // The two that used to answer 500 log in and land on the dashboard.
  for (const raw of ['/%0D%0ASet-Cookie:x=1', '/%E3%80%82/evil.example']) {
    const c = s.client();
    c.ip = `10.78.0.${ip++}`;
    const r = await c.post(`/admin/login?next=${raw}`, { username: 'office', password: 'Hongjiang@2016' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin');
    assert.equal(r.headers['set-cookie']?.toString().includes('x=1'), false);
  }
});
