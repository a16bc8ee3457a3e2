/**
 * The daily supervision sweep's share that is 电子监察's, printed as JSON:
 *
 *   npx tsx bench/supervision-sweep.ts --open 100000                 (SQLite file in /tmp)
 *   npx tsx bench/supervision-sweep.ts --open 100000 --url postgres://postgres@127.0.0.1:5432/DB
 *
 * For N open cases (accepted over the last 60 days, promised 1–30 working days, one in ten with a
 * suspension): the clocks under the district's rules (`supervision.clocks`, one calendar and rules
 * load), then `supervision.raise` of every signal reached, in one command — first run (all new:
 * inserts, one message per department, one audit entry) and the next day's run (all already there:
 * idempotent). Baseline in the same run: the same rows written by plain batched INSERTs of 500
 * (no conflict handling, no org check, no messages, no audit), into a scratch subject type.
 * Generating the inputs is not timed. CPU time is shown beside wall time: the machine is shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { configSchema } from '../src/platform/config.ts';
import { openApp } from '../src/app/boot.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { addDays } from '../src/kernel/dates.ts';
import { defineCommand, execute } from '../src/platform/command.ts';
import { loadDemoOrgs } from '../src/modules/orgs/demo.ts';
import { listOrgs } from '../src/modules/orgs/index.ts';
import type { ClockInput, SignalDraft } from '../src/modules/supervision/index.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const open = Number(arg('open', '100000'));
const pgUrl = arg('url');
const TODAY = '2026-11-27';

let url: string;
let cleanup: () => Promise<void>;
if (pgUrl) {
  const name = `gk_bench_sup_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  cleanup = async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), 'gk-bench-sup-'));
  url = join(dir, 'b.db');
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const raiseCmd = defineCommand({
  name: 'bench.sweep',
  input: z.object({ drafts: z.array(z.any()) }),
  async handler(ctx, input) {
    ctx.authorize('supervision.view');
    const fresh = await ctx.ports.supervision.raise(ctx, input.drafts as SignalDraft[]);
    return { result: fresh, audit: { action: 'bench.sweep', subjectType: 'bench', summary: { fresh } } };
  },
});

const app = await openApp(configSchema.parse({ databaseUrl: url, logLevel: 'silent', secret: 'x'.repeat(40), sqliteSynchronous: 'NORMAL' }), {
  clock: fixedClock('2026-11-27T02:00:00Z'),
});
const cpuMs = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / 1000);
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  return { value, wallMs: Math.round(performance.now() - t0), cpuMs: cpuMs(process.cpuUsage(c0)) };
}
try {
  const ctx = app.context({ kind: 'system', userId: null, name: 'bench', grants: [] });
  await loadDemoOrgs(ctx);
  const orgs = (await listOrgs(app.database.db)).filter((o) => ['department', 'institution', 'township', 'street'].includes(o.kind)).map((o) => o.id);
  // A fixed pseudo-random sequence (reproducible runs).
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const inputs: ClockInput[] = Array.from({ length: open }, () => {
    const acceptedOn = addDays(TODAY, -1 - rnd(60));
    const s = rnd(10) === 0 ? [{ from: addDays(acceptedOn, 2), to: addDays(acceptedOn, 2 + rnd(10)) }] : [];
    return { acceptedOn, promisedDays: 1 + rnd(30), suspensions: s };
  });
  const port = app.ports.supervision;
  const clocks = await timed(() => port.clocks!(app.database.db, inputs, TODAY));
  const drafts: SignalDraft[] = [];
  clocks.value.forEach((c, i) => {
    const orgId = orgs[i % orgs.length]!;
    for (const sig of c.signals ?? [])
      if (sig.reached && sig.on)
        drafts.push({
          subjectType: 'case',
          subjectId: i + 1,
          orgId,
          rule: sig.rule,
          level: sig.level,
          raisedOn: sig.on,
          detail: `办件 HJ2026-${String(i + 1).padStart(7, '0')} ${sig.level === 'warning' ? '即将到达承诺时限' : '已超过承诺时限'}`,
          href: `/admin/cases/${i + 1}`,
        });
  });
  const first = await timed(() => execute(ctx, raiseCmd, { drafts }));
  const again = await timed(() => execute(ctx, raiseCmd, { drafts }));
  const at = new Date().toISOString();
  const baseline = await timed(() =>
    app.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < drafts.length; i += 500)
        await tx
          .insertInto('supervision_signals')
          .values(
            drafts.slice(i, i + 500).map((d) => ({
              subject_type: 'bench-baseline',
              subject_id: d.subjectId,
              org_id: d.orgId,
              rule: d.rule,
              level: d.level,
              raised_on: d.raisedOn,
              raised_at: at,
              detail: d.detail,
              href: d.href,
              state: 'raised' as const,
            })),
          )
          .execute();
      return drafts.length;
    }),
  );
  const outbox = Number(
    (
      await app.database.db
        .selectFrom('request_outbox')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    JSON.stringify(
      {
        bench: 'supervision-sweep',
        engine: app.database.engine,
        openCases: open,
        signalsReached: drafts.length,
        clocks: { wallMs: clocks.wallMs, cpuMs: clocks.cpuMs, perSecond: Math.round((open / clocks.wallMs) * 1000) },
        raiseFirst: { new: first.value, wallMs: first.wallMs, cpuMs: first.cpuMs, departmentsNotified: outbox },
        raiseAgain: { new: again.value, wallMs: again.wallMs, cpuMs: again.cpuMs },
        baselinePlainInsert: { rows: baseline.value, wallMs: baseline.wallMs, cpuMs: baseline.cpuMs },
        ratios: {
          raiseFirstOverBaseline: Number((first.wallMs / Math.max(1, baseline.wallMs)).toFixed(2)),
          raiseAgainOverBaseline: Number((again.wallMs / Math.max(1, baseline.wallMs)).toFixed(2)),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await app.close();
  await cleanup();
}
