import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, type TestServer, type TestClient } from '../support/app.ts';
import { decodeEntities, emailsIn, linksOf, mobilesIn, residentIdsIn, sitemapLocs } from '../support/hardening.ts';

/**
 * Personal data (issue 6, item 6): a crawler walks the public site of the demo district as an
 * anonymous visitor, in simplified and in traditional script — links from the home page, then a
 * sample of the sitemap — and fails on any valid 18-digit resident ID number (checksum and date),
 * any full mobile number, and any applicant's e-mail address. Bounded, so it stays fast.
 */

let s: TestServer;
before(async () => {
  s = await testServer({ demo: true, config: { rateLimitSearch: 1_000_000, rateLimitForms: 1_000_000 } });
});
after(() => s?.close());

const LINK_PAGES = Number(process.env.GONGKAI_CRAWL_PAGES ?? 220);
const SITEMAP_PAGES = Number(process.env.GONGKAI_CRAWL_SITEMAP ?? 120);
const TEXTUAL = /html|xml|json|csv|text\/plain/;

/** Text a visitor (or a scraper) gets from a response: markup decoded, tags kept (attributes count too). */
function visible(body: string): string {
  return decodeEntities(body);
}

async function crawl(c: TestClient, applicantEmails: Set<string>): Promise<{ visited: string[]; findings: string[] }> {
  const findings: string[] = [];
  const visited: string[] = [];
  const seen = new Set<string>();
  const scan = (url: string, body: string) => {
    const text = visible(body);
    for (const id of residentIdsIn(text)) findings.push(`${url}: resident ID number ${id}`);
    for (const m of mobilesIn(text)) findings.push(`${url}: mobile number ${m}`);
    for (const e of emailsIn(text)) if (applicantEmails.has(e.toLowerCase())) findings.push(`${url}: an applicant's e-mail ${e}`);
  };
  const fetchOne = async (u: string): Promise<string | null> => {
    if (seen.has(u)) return null;
    seen.add(u);
    const r = await c.get(u);
    if (r.status !== 200) return null;
    visited.push(u);
    const type = String(r.headers['content-type'] ?? '');
    if (!TEXTUAL.test(type)) return null;
    scan(u, r.body);
    return r.body;
  };
  // Breadth first from the home page, staying on public pages.
  const queue = ['/', '/api/v1/items?pageSize=100', '/api/v1/items?year=2016&pageSize=100', '/api/v1/items?year=2025&pageSize=100'];
  while (queue.length && visited.length < LINK_PAGES) {
    const u = queue.shift()!;
    if (/^\/admin|\/prefs\/|\/files\/|\.(pdf|docx|xlsx|png|jpg)(\?|$)/.test(u) || /[?&]page=\d{2,}/.test(u)) continue;
    const body = await fetchOne(u);
    if (body) for (const l of linksOf(body, u)) if (!seen.has(l)) queue.push(l);
  }
  // Then a spread of the sitemap (every item page is in it).
  const index = (await c.get('/sitemap.xml')).body;
  const parts = sitemapLocs(index).filter((u) => /sitemap-\d+\.xml$/.test(u));
  const locs: string[] = [];
  for (const p of parts.length ? parts : ['/sitemap.xml']) locs.push(...sitemapLocs((await c.get(p)).body));
  const step = Math.max(1, Math.floor(locs.length / SITEMAP_PAGES));
  for (let i = 0; i < locs.length; i += step) await fetchOne(locs[i]!);
  return { visited, findings };
}

test('no public page, in either script, shows a resident ID number, a mobile number or an applicant’s e-mail', { timeout: 600_000 }, async () => {
  const db = s.app.database.db;
  const applicants = await db.selectFrom('requests').select(['email', 'phone', 'id_number']).execute();
  const emails = new Set(applicants.map((a) => (a.email ?? '').toLowerCase()).filter(Boolean));
  assert.ok(applicants.some((a) => a.id_number) && emails.size > 0, 'the demo has applicants with ID numbers and e-mail addresses to protect');
  const hans = s.client();
  const hant = s.client();
  assert.equal((await hant.get('/?script=hant')).status, 200);
  const results = [await crawl(hans, emails), await crawl(hant, emails)];
  for (const r of results) {
    assert.ok(r.visited.length >= LINK_PAGES * 0.8, `crawled ${r.visited.length} pages`);
    assert.ok(
      r.visited.some((u) => u.startsWith('/item/')) && r.visited.some((u) => u.startsWith('/nianbao/')) && r.visited.some((u) => u.startsWith('/requests')),
      'items, annual reports and the requests pages were visited',
    );
  }
  assert.match((await hant.get('/')).body, /lang="zh-Hant"/);
  assert.deepEqual([...results[0]!.findings, ...results[1]!.findings], []);
});

test('the detectors find what they must: a valid ID number, a mobile, an applicant e-mail (and not an index number or an org code)', () => {
  const page =
    '<p>身份证 431202198504120032，电话 137-0000-1111，+86 139 1234 5678，邮箱 zhang@example.com</p><p>索引号 000614029/2016-00001 代码 11431202000614029Q 114312020006140539 0745-7631014</p>';
  assert.deepEqual(residentIdsIn(page), ['431202198504120032']);
  assert.deepEqual(residentIdsIn('431202198504120031'), [], 'a wrong check digit is not an ID number');
  assert.equal(mobilesIn(page).length, 2);
  assert.deepEqual(emailsIn(page), ['zhang@example.com']);
});
