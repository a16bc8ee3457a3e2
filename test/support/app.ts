import { fixedClock } from '../../src/kernel/clock.ts';
import { configSchema, type Config } from '../../src/platform/config.ts';
import { openApp, type App } from '../../src/app/boot.ts';
import { systemActor } from '../../src/platform/context.ts';
import { buildServer, type BuiltServer } from '../../src/app/server.ts';
import { loadDemo } from '../../src/app/demo.ts';
import { freshDatabase, demoDatabase, type TestDatabase } from './db.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { ModuleManifest } from '../../src/platform/module.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: App;
  db: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  /** A context acting as the CLI operator. */
  system: AppContext;
  close(): Promise<void>;
}

/** A migrated app on the engine under test, with a fixed clock (default 2016-09-30 10:00 Beijing). */
/** The clock the demo is built at (and tests start at, unless they say otherwise). */
export const DEMO_NOW = '2026-11-27T02:00:00Z';

function testConfig(url: string, extra: Partial<Config> = {}): Config {
  return configSchema.parse({ databaseUrl: url, logLevel: 'silent', secret: TEST_SECRET, argon2MemoryKib: 4096, ...extra });
}

/**
 * A migrated app on the engine under test with a fixed clock. `demo: true` starts from a copy of
 * the demo district (built once per test run), so a test file pays for the demo only once per run.
 */
export async function testApp(opts: { now?: string; demo?: boolean; config?: Partial<Config>; modules?: readonly ModuleManifest[] } = {}): Promise<TestApp> {
  const db = opts.demo
    ? await demoDatabase(async (tdb) => {
        const app = await openApp(testConfig(tdb.url), { clock: fixedClock(DEMO_NOW), database: tdb, migrate: false });
        await loadDemo(app);
      })
    : await freshDatabase();
  const clock = fixedClock(opts.now ?? DEMO_NOW);
  // Extra modules (a test's own, like the example module) bring their migrations on top.
  const app = await openApp(testConfig(db.url, opts.config), {
    clock,
    database: db,
    migrate: !!opts.modules,
    ...(opts.modules ? { modules: opts.modules } : {}),
  });
  return { app, db, clock, system: app.context(systemActor()), close: () => db.drop() };
}

export interface TestServer extends TestApp {
  server: BuiltServer;
  /** An HTTP client that keeps cookies, like one browser. */
  client(): TestClient;
}

export async function testServer(opts: Parameters<typeof testApp>[0] = {}): Promise<TestServer> {
  const t = await testApp(opts);
  const server = await buildServer(t.app, { secret: TEST_SECRET, logger: false });
  await server.fastify.ready();
  return {
    ...t,
    server,
    client: () => new TestClient(server),
    close: async () => {
      await server.fastify.close();
      await t.close();
    },
  };
}

export interface Resp {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body's bytes (downloads: XLSX, PDF). */
  raw?: Buffer;
  location?: string;
}

/** fastify.inject with a cookie jar and CSRF token scraping. */
export class TestClient {
  cookies = new Map<string, string>();
  /** The client's address as the server sees it (rate limits are per client); default 127.0.0.1. */
  ip?: string;
  constructor(private readonly s: BuiltServer) {}

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: { cookies: Array<{ name: string; value: string; maxAge?: number; expires?: Date }> }) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now() - 1000 && c.value === ''))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Resp> {
    const res = await this.s.fastify.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return {
      status: res.statusCode,
      headers: res.headers as Resp['headers'],
      body: res.body,
      raw: res.rawPayload,
      location: res.headers.location as string | undefined,
    };
  }

  async post(url: string, form: Record<string, string | number>, opts: { csrf?: string | false } = {}): Promise<Resp> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) body.append(k, String(v));
    if (opts.csrf !== false) body.append('_csrf', opts.csrf ?? (await this.csrfFor(url)));
    const res = await this.s.fastify.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
    });
    this.keep(res);
    return { status: res.statusCode, headers: res.headers as Resp['headers'], body: res.body, location: res.headers.location as string | undefined };
  }

  /** Any request (custom method, headers or body), keeping cookies. */
  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD',
    url: string,
    opts: { headers?: Record<string, string>; payload?: string | Buffer } = {},
  ): Promise<Resp> {
    const res = await this.s.fastify.inject({
      method,
      url,
      remoteAddress: this.ip,
      payload: opts.payload,
      headers: { cookie: this.cookieHeader(), ...opts.headers },
    });
    this.keep(res);
    return { status: res.statusCode, headers: res.headers as Resp['headers'], body: res.body, location: res.headers.location as string | undefined };
  }

  /** A multipart/form-data POST (uploads); the CSRF field is added unless `csrf: false`. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Array<{ field: string; name: string; bytes: Buffer; type?: string }>,
    opts: { csrf?: string | false } = {},
  ): Promise<Resp> {
    const { multipartBody } = await import('./hardening.ts');
    const all = { ...fields };
    if (opts.csrf !== false) all._csrf = opts.csrf ?? (await this.csrfFor(url));
    const { payload, contentType } = multipartBody(all, files);
    return this.request('POST', url, { payload, headers: { 'content-type': contentType } });
  }

  /** Another browser tab: the same cookies, kept separately from here on. */
  clone(): TestClient {
    const c = new TestClient(this.s);
    c.cookies = new Map(this.cookies);
    c.ip = this.ip;
    return c;
  }

  private cachedToken: { basis: string; token: string } | null = null;
  /**
   * The CSRF token, read once per session (it is bound to the session or the anonymous cookie):
   * for tests that post many times. `csrfFor` reads it afresh every time.
   */
  async token(): Promise<string> {
    const basis = `${this.cookies.get('gk_sid') ?? ''}|${this.cookies.get('gk_csrf') ?? ''}`;
    if (this.cachedToken?.basis === basis) return this.cachedToken.token;
    const token = await this.csrfFor();
    this.cachedToken = { basis: `${this.cookies.get('gk_sid') ?? ''}|${this.cookies.get('gk_csrf') ?? ''}`, token };
    return token;
  }

  /** Read this visitor's CSRF token from a page with a form, as a browser would. */
  async csrfFor(_url?: string): Promise<string> {
    let page = await this.get('/admin/login');
    if (page.status === 303) page = await this.get('/admin');
    const m = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!m?.[1]) throw new Error('no CSRF token found');
    return m[1];
  }

  async login(username: string, password = 'Hongjiang@2016'): Promise<Resp> {
    const token = await this.csrfFor('/admin/login');
    return this.post('/admin/login', { username, password }, { csrf: token });
  }
}
