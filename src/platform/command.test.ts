import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { testApp, type TestApp } from '../../test/support/app.ts';
import { defineCommand, execute } from './command.ts';

/**
 * The pipeline's two guarantees, and atomicity: a handler that never authorises its actor, or
 * returns no audit entry, fails — and a failing handler leaves neither its rows nor an audit entry
 * behind (the audit entry is written in the command's own transaction). On the engine under test.
 */
describe('the command pipeline', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const count = async (code: string) => ({
    orgs: Number(
      (
        await t.db.db
          .selectFrom('orgs')
          .select((e) => e.fn.countAll().as('n'))
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audit: Number(
      (
        await t.db.db
          .selectFrom('audit_log')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });
  const writeOrg = (code: string) => async (tx: Parameters<Parameters<typeof defineCommand>[0]['handler']>[0]['tx']) => {
    await tx
      .insertInto('orgs')
      .values({ path: '/x/', depth: 0, name: `测试机关${code}`, short_name: code, kind: 'department', code, created_at: 'x', updated_at: 'x' } as never)
      .execute();
  };
  const input = z.object({ code: z.string() });

  test('a command that never authorises its actor fails and writes nothing', async () => {
    const before = await count('noauth');
    const cmd = defineCommand({
      name: 'test.noAuthorise',
      input,
      async handler(ctx, i) {
        await writeOrg(i.code)(ctx.tx);
        return { result: null, audit: { action: 'test.noAuthorise', subjectType: 'org' } };
      },
    });
    await assert.rejects(execute(t.system, cmd, { code: 'noauth' }), /did not authorise/);
    assert.deepEqual(await count('noauth'), before);
  });

  test('a command that returns no audit entry fails and writes nothing', async () => {
    const before = await count('noaudit');
    const cmd = defineCommand({
      name: 'test.noAudit',
      input,
      async handler(ctx, i) {
        ctx.authorize('orgs.manage');
        await writeOrg(i.code)(ctx.tx);
        return { result: null, audit: [] };
      },
    });
    await assert.rejects(execute(t.system, cmd, { code: 'noaudit' }), /wrote no audit entry/);
    assert.deepEqual(await count('noaudit'), before);
  });

  test('a command that throws after writing leaves no row and no audit entry', async () => {
    const before = await count('throws');
    const cmd = defineCommand({
      name: 'test.throwsLate',
      input,
      async handler(ctx, i) {
        ctx.authorize('orgs.manage');
        await writeOrg(i.code)(ctx.tx);
        throw new Error('late failure');
      },
    });
    await assert.rejects(execute(t.system, cmd, { code: 'throws' }), /late failure/);
    assert.deepEqual(await count('throws'), before);
  });

  test('a command that authorises and audits commits its row and exactly its audit entries', async () => {
    const before = await count('ok');
    const cmd = defineCommand({
      name: 'test.ok',
      input,
      async handler(ctx, i) {
        ctx.authorize('orgs.manage');
        await writeOrg(i.code)(ctx.tx);
        return { result: 'done', audit: { action: 'test.ok', subjectType: 'org' } };
      },
    });
    assert.equal(await execute(t.system, cmd, { code: 'ok' }), 'done');
    assert.deepEqual(await count('ok'), { orgs: before.orgs + 1, audit: before.audit + 1 });
  });
});
