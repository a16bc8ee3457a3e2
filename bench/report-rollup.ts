/**
 * Roll-up benchmark: a province-scale year — 2,000,000 catalogue items, 200,000 requests, 20,000
 * appeals, 301 agencies (the province government, 60 departments, 240 bodies under them) — rolled
 * up into the province's annual report (2025, the 2021 format, with last year's figures for the
 * year-to-year checks), on SQLite. Two sizes (¼ and full by default) show the cost grows linearly
 * with the records. Prints JSON.
 *
 *   node --import tsx bench/report-rollup.ts                 # sizes 0.25 and 1
 *   node --import tsx bench/report-rollup.ts --sizes 0.1,0.5 --fallback
 *
 * The records go into the catalogue's and the requests module's own tables (cat_items,
 * cat_item_channels, requests, appeals), so their indexes (the modules' migrations, covering
 * indexes for the report included) and their metrics' queries are the real ones: each metric's
 * grouped count (`countMany`, one query per metric for every org), checked against its per-org
 * count on five bodies first. `--fallback` also times the per-org path at the smallest size.
 * `--keep DIR` keeps the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../src/kernel/clock.ts';
import { configSchema } from '../src/platform/config.ts';
import { openApp, type App } from '../src/app/boot.ts';
import { generateReport, type GeneratedReport } from '../src/modules/reports/index.ts';
import { systemActor } from '../src/platform/context.ts';
import type BetterSqlite3 from 'better-sqlite3';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (arg('sizes') ?? '0.25,1').split(',').map(Number);
const WITH_FALLBACK = args.includes('--fallback');
/** Keep the loaded database in this folder (to study query plans). */
const KEEP = arg('keep');
const FULL = { items: 2_000_000, requests: 200_000, appeals: 20_000 };
const YEAR = 2025;

/** Deterministic pseudo-random numbers (mulberry32), so every run loads the same province. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (year: number, r: number) => {
  const d = new Date(Date.UTC(year, 0, 1) + Math.floor(r * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
};
const plusDays = (date: string, n: number) => new Date(new Date(`${date}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);

/** An INSERT for `table` that fills every NOT NULL column without a default we do not set. */
function inserter(raw: BetterSqlite3.Database, table: string, given: string[]) {
  const cols = raw.prepare(`pragma table_info(${table})`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>;
  const filler = cols.filter((c) => !given.includes(c.name) && c.notnull && c.dflt_value === null && !c.pk);
  const names = [...given, ...filler.map((c) => c.name)];
  const fill = filler.map((c) => (/INT|REAL|NUM/i.test(c.type) ? 0 : ''));
  const stmt = raw.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
  return (...values: unknown[]) => stmt.run(...values, ...fill);
}

function loadProvince(raw: BetterSqlite3.Database, scale: number): { orgs: number; items: number; channels: number; requests: number; appeals: number } {
  const now = '2026-01-15T00:00:00.000Z';
  const r = rng(20260115);
  const orgIds: number[] = [];
  const addOrg = inserter(raw, 'orgs', ['id', 'parent_id', 'path', 'depth', 'name', 'short_name', 'kind', 'sort_order', 'active', 'created_at', 'updated_at']);
  raw.transaction(() => {
    let id = 1;
    addOrg(id, null, '/1/', 0, '测试省人民政府', '测试省', 'government', 0, 1, now, now);
    orgIds.push(id);
    for (let d = 1; d <= 60; d++) {
      const dep = ++id;
      addOrg(dep, 1, `/1/${dep}/`, 1, `测试省第${d}厅`, `第${d}厅`, 'department', d, 1, now, now);
      orgIds.push(dep);
      for (let k = 1; k <= 4; k++) {
        const inst = ++id;
        addOrg(inst, dep, `/1/${dep}/${inst}/`, 2, `测试省第${d}厅所属第${k}单位`, `第${d}厅${k}`, 'institution', k, 1, now, now);
        orgIds.push(inst);
      }
    }
  })();
  const pick = () => orgIds[Math.floor(r() * orgIds.length)];

  const items = Math.round(FULL.items * scale);
  const addItem = inserter(raw, 'cat_items', [
    'org_id',
    'state',
    'is_public',
    'title',
    'formed_on',
    'published_on',
    'disclosure',
    'validity',
    'validity_changed_on',
    'is_normative',
    'is_rule',
    'version',
    'source',
    'created_at',
    'updated_at',
  ]);
  const addChannel = inserter(raw, 'cat_item_channels', ['item_id', 'channel', 'published_on']);
  let channels = 0;
  const BATCH = 50_000;
  for (let start = 0; start < items; start += BATCH) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(items, start + BATCH); i++) {
        const year = r() < 0.5 ? YEAR - 1 : YEAR;
        const published = day(year, r());
        const formed = plusDays(published, -Math.floor(r() * 30));
        const normative = r() < 0.01 ? 1 : 0;
        const rule = !normative && r() < 0.001 ? 1 : 0;
        const repealed = (normative || rule) && r() < 0.1;
        const res = addItem(
          pick(),
          'published',
          1,
          `测试信息${i}`,
          formed,
          published,
          r() < 0.95 ? 'proactive' : 'on_request',
          repealed ? 'repealed' : 'valid',
          repealed ? plusDays(published, 60) : null,
          normative,
          rule,
          1,
          'import',
          now,
          now,
        );
        const itemId = Number(res.lastInsertRowid);
        addChannel(itemId, 'website', published);
        channels++;
        for (const [ch, p] of [
          ['gazette', 0.05],
          ['weibo', 0.1],
          ['wechat', 0.1],
          ['other', 0.03],
        ] as const) {
          if (r() < p) {
            addChannel(itemId, ch, published);
            channels++;
          }
        }
      }
    })();
  }

  const APPLICANTS = ['natural', 'natural', 'natural', 'natural', 'commercial', 'research', 'social_welfare', 'legal_services', 'other_org'];
  const CHANNELS = ['online', 'email', 'in_person', 'letter_registered', 'letter_ordinary', 'fax'];
  const OUTCOMES = [
    'disclose',
    'disclose',
    'disclose',
    'partial',
    'refuse_state_secret',
    'refuse_law_forbids',
    'refuse_three_security',
    'refuse_third_party',
    'refuse_internal_affairs',
    'refuse_process_info',
    'refuse_enforcement_file',
    'refuse_administrative_query',
    'unable_not_held',
    'unable_not_held',
    'unable_needs_creation',
    'unable_unclear_after_correction',
    'decline_petition',
    'decline_repeat',
    'decline_publication',
    'decline_mass_requests',
    'decline_confirm_reissue',
    'other_no_correction',
    'other_fee_unpaid',
    'other',
  ];
  const requests = Math.round(FULL.requests * scale);
  const addRequest = inserter(raw, 'requests', [
    'org_id',
    'query_code',
    'regime',
    'channel',
    'arrived_at',
    'arrived_on',
    'received_on',
    'applicant_type',
    'state',
    'outcome',
    'decided_on',
    'source',
    'created_by',
    'created_at',
    'updated_at',
  ]);
  for (let start = 0; start < requests; start += BATCH) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(requests, start + BATCH); i++) {
        const received = day(r() < 0.5 ? YEAR - 1 : YEAR, r());
        const open = r() < 0.03;
        const decided = open ? null : plusDays(received, 1 + Math.floor(r() * 40));
        addRequest(
          pick(),
          `B${i.toString(36).padStart(8, '0')}`,
          '2019',
          CHANNELS[Math.floor(r() * CHANNELS.length)],
          `${received}T02:00:00Z`,
          received,
          received,
          APPLICANTS[Math.floor(r() * APPLICANTS.length)],
          open ? 'received' : 'closed',
          open ? null : OUTCOMES[Math.floor(r() * OUTCOMES.length)],
          decided,
          'import',
          'bench',
          now,
          now,
        );
      }
    })();
  }

  const appeals = Math.round(FULL.appeals * scale);
  const addAppeal = inserter(raw, 'appeals', [
    'org_id',
    'kind',
    'route',
    'body',
    'case_number',
    'appellant',
    'filed_on',
    'decided_on',
    'result',
    'result_detail',
    'co_defendant_name',
    'instance',
    'note',
    'created_at',
    'updated_at',
  ]);
  raw.transaction(() => {
    for (let i = 0; i < appeals; i++) {
      const litigation = r() < 0.4;
      const filed = day(r() < 0.5 ? YEAR - 1 : YEAR, r());
      const open = r() < 0.1;
      addAppeal(
        pick(),
        litigation ? 'litigation' : 'reconsideration',
        litigation ? (r() < 0.5 ? 'direct' : 'after_reconsideration') : null,
        '测试机关',
        `（${filed.slice(0, 4)}）测${i}号`,
        '申请人',
        filed,
        open ? null : plusDays(filed, 30 + Math.floor(r() * 90)),
        open ? 'pending' : (['upheld', 'corrected', 'other'] as const)[Math.floor(r() * 3)],
        '',
        '',
        '',
        '',
        now,
        now,
      );
    }
  })();
  raw.exec('analyze');
  return { orgs: orgIds.length, items, channels, requests, appeals };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - t0), value };
}

function sameFigures(a: GeneratedReport, b: GeneratedReport): boolean {
  return JSON.stringify(a.report.tables) === JSON.stringify(b.report.tables);
}

/** Hide every metric's grouped count (to time the org-by-org path) and give it back. */
function withoutGroupedCounts<T>(app: App, fn: () => Promise<T>): Promise<T> {
  const saved = [...app.registry.metrics.values()].flatMap((def) => {
    return def.countMany ? [[def, def.countMany] as const] : [];
  });
  for (const [def] of saved) delete def.countMany;
  return fn().finally(() => {
    for (const [def, many] of saved) def.countMany = many;
  });
}

async function runSize(scale: number, fallback: boolean) {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'gk-bench-rollup-'));
  let app: App | undefined;
  try {
    const config = configSchema.parse({ databaseUrl: join(dir, 'bench.db'), logLevel: 'silent', secret: 'b'.repeat(40), sqliteSynchronous: 'NORMAL' });
    app = await openApp(config, { clock: fixedClock('2026-01-15T02:00:00Z') });
    const raw = app.database.sqliteHandle!;
    const load = await time(async () => {
      const n = await loadProvince(raw, scale);
      raw.exec('analyze');
      return n;
    });
    const db = app.context(systemActor());

    // The grouped counts must give the per-org counts' figures: compare on five bodies.
    for (const id of [2, 3, 62, 150, 301]) {
      const grouped = await generateReport(db, id, YEAR);
      const single = await withoutGroupedCounts(app, () => generateReport(db, id, YEAR));
      if (!sameFigures(grouped, single)) throw new Error(`grouped and per-org figures differ for org ${id}`);
    }

    // The province's report: first run, then the median of three.
    const cold = await time(() => generateReport(db, 1, YEAR));
    const warm: number[] = [];
    let last = cold.value;
    for (let i = 0; i < 3; i++) {
      const w = await time(() => generateReport(db, 1, YEAR));
      warm.push(w.ms);
      last = w.value;
    }
    warm.sort((a, b) => a - b);
    const g = cold.value;
    const errors = g.report.checks.filter((c) => c.severity === 'error').map((c) => c.rule);
    const t3 = g.report.tables.find((t) => t.id === 't3')!;
    const result: Record<string, unknown> = {
      scale,
      records: { ...load.value, total: load.value.items + load.value.requests + load.value.appeals },
      loadSeconds: Math.round(load.ms / 100) / 10,
      rollupMs: { cold: cold.ms, warmMedian: warm[1], warm },
      reportingUnits: g.parts.length,
      // Of a warm run: the grouped metric queries (concurrent, so the per-metric times overlap), the
      // one evaluation of the format, the sum with filed parts and the prose, last year's cells.
      whereTheTimeGoesMs: last.timings,
      province: {
        newRequests: t3.rows.find((x) => x.key === 'new_received')!.cells.total,
        decided: t3.rows.find((x) => x.key === 'total')!.cells.total,
        checkErrors: errors,
      },
    };
    if (fallback) {
      const opened = app;
      const f = await time(() => withoutGroupedCounts(opened, () => generateReport(db, 1, YEAR)));
      result.fallbackOrgByOrgMs = f.ms;
      result.fallbackSameFigures = sameFigures(f.value, g);
    }
    return result;
  } finally {
    await app?.close();
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const [i, scale] of SIZES.entries()) results.push(await runSize(scale, WITH_FALLBACK && i === 0));
const perRecord = results.map((x) => (x.rollupMs as { warmMedian: number }).warmMedian / (x.records as { total: number }).total);
console.log(
  JSON.stringify(
    {
      benchmark: 'report-rollup',
      engine: 'sqlite',
      year: YEAR,
      format: 'cn-2021',
      node: process.version,
      sizes: results,
      // Linear cost: time per record stays about the same from the small size to the full one.
      msPerThousandRecords: perRecord.map((x) => Math.round(x * 1000 * 1000) / 1000),
      targetMs: 2000,
      fullSizeWithinTarget: results.some((x) => x.scale === 1)
        ? (results.find((x) => x.scale === 1)!.rollupMs as { warmMedian: number }).warmMedian <= 2000
        : null,
    },
    null,
    2,
  ),
);
