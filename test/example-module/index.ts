import { z } from 'zod';
import type { Kysely } from 'kysely';
import { defineModule } from '../../src/platform/module.ts';
import { defineCommand, execute } from '../../src/platform/command.ts';
import { definePolicy, withRole } from '../../src/platform/authz/policy.ts';
import { defineMetric } from '../../src/platform/stats/metrics.ts';
import { withId } from '../../src/storage/migration-kit.ts';

/**
 * The smallest complete module, as a worked example of "how to add a module" (docs/ARCHITECTURE.md):
 * a table (migration), a policy, a command with its audit entry, a metric the annual report could
 * count, a back-office route and menu entry, and a daily job. The suite loads it by one line —
 * `openApp(config, { modules: [...modules, exampleModule] })` — and nothing else changes.
 */
declare module '../../src/storage/schema.ts' {
  interface DB {
    example_notes: { id: number; org_id: number; text: string; noted_on: string };
  }
}

export const exampleMigrations = {
  '2026-12-04-90-example-notes': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations never depend on today's schema types
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('example_notes'))
        .addColumn('org_id', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('noted_on', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export const examplePolicy = definePolicy({ 'example.note': withRole('office', 'admin') });

export const addNote = defineCommand({
  name: 'example.addNote',
  input: z.object({ orgId: z.number().int().positive(), text: z.string().trim().min(1, '请填写内容') }),
  async handler(ctx, input) {
    ctx.authorize('example.note');
    const row = await ctx.tx
      .insertInto('example_notes')
      .values({ org_id: input.orgId, text: input.text, noted_on: ctx.clock.today() } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return { result: { id: Number(row.id) }, audit: { action: 'example.addNote', subjectType: 'example_note', subjectId: Number(row.id), orgId: input.orgId } };
  },
});

export const notesMetric = defineMetric({
  name: 'example.notes',
  describe: '登记的示例记录数',
  async count(db, q) {
    const r = await db
      .selectFrom('example_notes')
      .select((e) => e.fn.countAll().as('n'))
      .where('org_id', '=', q.orgId)
      .where('noted_on', 'like', `${q.year}-%`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async records(db, q, page) {
    const rows = await db
      .selectFrom('example_notes')
      .selectAll()
      .where('org_id', '=', q.orgId)
      .where('noted_on', 'like', `${q.year}-%`)
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return { total: await notesMetric.count(db, q), rows: rows.map((r) => ({ id: String(r.id), label: r.text, href: '/admin/example', date: r.noted_on })) };
  },
});

/** Runs of the daily job, per app database (what the test reads). */
export const jobRuns = new WeakMap<object, number>();

export const exampleModule = defineModule({
  name: 'example',
  migrations: exampleMigrations,
  policies: examplePolicy,
  metrics: [notesMetric],
  routes: async () => (await import('./http/routes.ts')).exampleRoutes(),
  nav: { admin: [{ group: '示例', href: '/admin/example', label: '示例记录', action: 'example.note', order: 990 }] },
  jobs: [
    {
      name: 'example.daily',
      describe: '示例每日任务',
      schedule: { dailyFromHour: 0 },
      async run(ctx) {
        jobRuns.set(ctx.db, (jobRuns.get(ctx.db) ?? 0) + 1);
        const { id } = await execute(ctx, addNote, { orgId: 1, text: '每日任务登记' });
        return `示例每日任务：登记 ${id}`;
      },
    },
  ],
});
