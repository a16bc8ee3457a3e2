import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, testApp, type TestServer } from '../support/app.ts';
import { modules } from '../../src/app/modules.ts';
import { buildRegistry, RegistryError } from '../../src/platform/registry.ts';
import { defineModule } from '../../src/platform/module.ts';
import { startJobs } from '../../src/platform/jobs.ts';
import { systemActor } from '../../src/platform/context.ts';
import { execute } from '../../src/platform/command.ts';
import { exampleModule, addNote, jobRuns } from '../example-module/index.ts';

/**
 * Adding a module is its folder and one line in the module list: the example module (test/
 * example-module) brings a table, a policy, a command with audit, a metric, a route with its menu
 * entry and a daily job — and an app built with it has all of them, while an app built without
 * it has none (one registry per app, nothing registered by being imported).
 */
describe('a module plugs in by its manifest', () => {
  let s: TestServer;
  before(async () => {
    s = await testServer({ demo: true, modules: [...modules, exampleModule] });
  });
  after(async () => s.close());

  test('its route, menu entry, command with audit and metric work in the app built with it', async () => {
    const c = s.client();
    assert.equal((await c.login('office')).status, 303);
    const page = await c.get('/admin/example');
    assert.equal(page.status, 200);
    assert.match((await c.get('/admin')).body, /href="\/admin\/example"[^>]*>示例记录/);
    const before = await s.db.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll().as('n'))
      .where('action', '=', 'example.addNote')
      .executeTakeFirstOrThrow();
    const r = await c.post('/admin/example', { text: '第一条示例' }, { csrf: await c.token() });
    assert.equal(r.status, 303);
    assert.match((await c.get('/admin/example')).body, /第一条示例/);
    const after = await s.db.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll().as('n'))
      .where('action', '=', 'example.addNote')
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n) + 1);
    const metric = s.app.registry.metrics.get('example.notes');
    assert.ok(metric);
    assert.equal(await metric.count(s.app.database.db, { orgId: 1, year: Number(s.clock.today().slice(0, 4)), params: {} }), 1);
    // The editor holds neither role: the route is refused and the menu entry not shown.
    const editor = s.client();
    await editor.login('editor');
    assert.equal((await editor.get('/admin/example')).status, 403);
    assert.doesNotMatch((await editor.get('/admin')).body, /示例记录/);
  });

  test('its daily job runs once a day through the server scheduler, audited like any command', async () => {
    const jobs = startJobs(s.app.registry.jobs, (job) => s.app.context(systemActor(), job.name), { log: () => {} });
    try {
      await jobs.tick();
      await jobs.tick();
      assert.equal(jobRuns.get(s.app.database.db), 1);
      const log = await s.db.db
        .selectFrom('audit_log')
        .select('actor_name')
        .where('action', '=', 'example.addNote')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(log.actor_name ?? '', /^cli:/);
    } finally {
      jobs.stop();
    }
  });

  test('an app built without it knows nothing of it, though both live in one process', async () => {
    const plain = await testApp();
    try {
      assert.equal(plain.app.registry.policies.has('example.note'), false);
      assert.equal(plain.app.registry.metrics.has('example.notes'), false);
      assert.equal(
        plain.app.registry.adminNav.some((n) => n.href === '/admin/example'),
        false,
      );
      await assert.rejects(execute(plain.system, addNote, { orgId: 1, text: 'x' }), /未定义的权限：example\.note/);
      assert.equal(s.app.registry.policies.has('example.note'), true);
    } finally {
      await plain.close();
    }
  });
});

describe('the app refuses a module graph it cannot run, naming the modules', () => {
  test('a port required but not provided', () => {
    const needy = defineModule({ name: 'needy', requires: ['processingTimes'] });
    assert.throws(
      () => buildRegistry([needy]),
      (e: unknown) => e instanceof RegistryError && /needy/.test(e.message) && /processingTimes/.test(e.message),
    );
  });

  test('a port provided twice', () => {
    const source = { durations: async () => [], oldestPending: async () => [] };
    const a = defineModule({ name: 'first', provides: { processingTimes: source } });
    const b = defineModule({ name: 'second', provides: { processingTimes: source } });
    assert.throws(
      () => buildRegistry([a, b]),
      (e: unknown) => e instanceof RegistryError && /first/.test(e.message) && /second/.test(e.message) && /processingTimes/.test(e.message),
    );
  });

  test('a policy action, setting, metric or migration declared by two modules', () => {
    const copy = defineModule({ ...exampleModule, name: 'example-copy', migrations: {}, metrics: [], nav: {}, jobs: [] });
    assert.throws(
      () => buildRegistry([exampleModule, copy]),
      (e: unknown) => e instanceof RegistryError && /example\.note/.test(e.message) && /example-copy/.test(e.message),
    );
    const twice = defineModule({ name: 'twice', migrations: exampleModule.migrations });
    assert.throws(
      () => buildRegistry([exampleModule, twice]),
      (e: unknown) => e instanceof RegistryError && /2026-12-04-90-example-notes/.test(e.message),
    );
  });

  test('the platform as shipped is a graph it can run', () => {
    const r = buildRegistry(modules);
    assert.ok(r.policies.has('catalogue.publish') && r.metrics.has('requests.outcome') && r.jobs.some((j) => j.name === 'requests.remind'));
  });
});
