import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../kernel/ids.ts';
import {
  isAppError,
  RateLimitedError,
  ValidationError,
  ForbiddenError,
  UnauthenticatedError,
  NotFoundError,
  StorageUnavailableError,
} from '../kernel/errors.ts';
import { ANONYMOUS } from '../platform/context.ts';
import { fieldsWithNul, NUL_MESSAGE } from '../platform/command.ts';
import { storageProblem, type StorageProblem } from '../storage/db.ts';
import { convertScript, type Script } from '../platform/i18n/script.ts';
import type { App } from '../platform/module.ts';
import { actorForSession, findUserById } from '../modules/identity/index.ts';
import { SESSION_COOKIE, safeLocal, type RouteDef, type ViewState } from '../platform/web/kit.ts';
import { html, type SafeHtml } from '../platform/web/html.ts';
import { portalPage, adminPage } from '../platform/web/layout.ts';
import { asset } from '../platform/web/assets.ts';
import { siteInfo } from '../platform/web/site.ts';
import { PageCacheStore } from '../platform/web/page-cache.ts';
import { HOME_NAV } from '../platform/web/nav.ts';

const CSRF_COOKIE = 'gk_csrf';
const SCRIPT_COOKIE = 'gk_script';
const A11Y_COOKIE = 'gk_a11y';
const FLASH_COOKIE = 'gk_flash';

export interface ServerOptions {
  secret: string;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them); logs at info unless configured lower. */
  logStream?: { write(line: string): void };
}

export interface BuiltServer {
  fastify: FastifyInstance;
  routes: RouteDef[];
  pageCache: PageCacheStore;
}

export async function buildServer(app: App, opts: ServerOptions): Promise<BuiltServer> {
  const { config } = app;
  const fastify = Fastify({
    logger: opts.logStream
      ? { level: config.logLevel === 'silent' ? 'info' : config.logLevel, stream: opts.logStream }
      : opts.logger === false || config.logLevel === 'silent'
        ? false
        : { level: config.logLevel },
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    // Never echo request data into logs: no bodies, and URLs are logged without query strings
    // (a tracking page's query could carry a name).
    logController: new LogController({ disableRequestLogging: true }),
    // The router refuses an address it cannot decode (`/item/%E0%A4%A`, `/orgs/%ZZ`) before any
    // hook or the error handler runs: answer it here, in Chinese, like every other refusal.
    frameworkErrors: (err, rawReq, rawReply) => {
      const req = rawReq as unknown as FastifyRequest;
      const reply = rawReply as unknown as FastifyReply;
      const known = clientError(err);
      const status = known?.status ?? 400;
      const message = known?.message ?? BAD_REQUEST;
      reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store');
      if (isApi(req)) return reply.code(status).send({ error: { status, code: known?.code ?? 'bad_request', message, issues: [] } });
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(errorPage(req, status, message, [], known?.code === 'bad_url' ? '地址有误' : undefined).value);
    },
  });
  // No route takes JSON or plain text (forms post urlencoded or multipart; the API is read-only):
  // such a body is refused as a format we do not accept (415) instead of reaching a handler as
  // nested objects it never expected.
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  const pageCache = new PageCacheStore();
  app.registry.onCommitted(() => pageCache.clear());
  const routes = await app.registry.routes();
  const policies = app.registry.policies;
  const PORTAL_NAV = [HOME_NAV, ...app.registry.portalNav];

  await fastify.register(cookie, { secret: opts.secret });
  await fastify.register(formbody, { bodyLimit: 1024 * 1024 });
  await fastify.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10, fields: 100 } });
  await fastify.register(rateLimit, {
    global: false,
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) => {
      const err = new RateLimitedError(Math.ceil(ctx.ttl / 1000));
      return err as unknown as object;
    },
  });

  const hmac = (value: string) => createHmac('sha256', opts.secret).update(value).digest('base64url');

  fastify.decorateRequest('ctx', null as never);
  fastify.decorateRequest('view', null as never);

  fastify.decorateReply('page', function (this: FastifyReply, body: SafeHtml, o: { status?: number; cache?: 'none' | 'public' } = {}) {
    const req = this.request;
    const text = convertScript(body.value, req.view?.script ?? 'hans');
    this.code(o.status ?? 200).type('text/html; charset=utf-8');
    // Pages vary by the script and 适老化 cookies: browsers and proxies revalidate every time
    // (no-cache), while this process keeps the rendered page (the page cache).
    this.header('vary', 'Cookie');
    if (o.cache === 'public' && !req.view?.user) {
      this.header('cache-control', 'no-cache');
      if ((o.status ?? 200) === 200) pageCache.put(cacheKey(req), text);
    } else {
      this.header('cache-control', 'no-store');
    }
    return this.send(text);
  });
  fastify.decorateReply('done', function (this: FastifyReply, location: string, message?: string, kind: 'ok' | 'error' | 'warn' = 'ok') {
    if (message)
      this.setCookie(FLASH_COOKIE, JSON.stringify({ kind, text: message }), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 });
    return this.redirect(safeLocal(location), 303);
  });

  function cacheKey(req: FastifyRequest): string {
    return `${req.view?.script ?? 'hans'}|${req.view?.a11yLarge ? 'L' : 's'}|${req.url}`;
  }

  // ——— per-request context ——————————————————————————————————————————————
  fastify.addHook('onRequest', async (req, reply) => {
    // A NUL byte never belongs in an address here; PostgreSQL refuses it in text (an error page
    // deep in some query) and SQLite stores it: turn it away at the door, on both engines.
    if (/%00/.test(req.url)) throw Object.assign(new Error('地址中含有不允许的空字符（%00），请检查链接是否完整。'), { statusCode: 400, code: 'bad_url' });
    const q = req.query as Record<string, unknown>;
    const qScript = q?.script;
    let script: Script = req.cookies[SCRIPT_COOKIE] === 'hant' ? 'hant' : 'hans';
    // Fast path: an anonymous visitor asking for a page this process has already rendered gets
    // it before any database work (routes with a rate limit always go the long way, so the
    // limit holds).
    if (
      req.method === 'GET' &&
      !qScript &&
      !req.cookies[SESSION_COOKIE] &&
      !req.cookies[FLASH_COOKIE] &&
      !(req.routeOptions.config as { rateLimit?: unknown } | undefined)?.rateLimit
    ) {
      const hit = pageCache.get(`${script}|${req.cookies[A11Y_COOKIE] === 'large' ? 'L' : 's'}|${req.url}`);
      if (hit !== undefined) return reply.headers(CACHED_PAGE_HEADERS).send(hit);
    }
    if (qScript === 'hant' || qScript === 'hans') {
      script = qScript;
      reply.setCookie(SCRIPT_COOKIE, script, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, httpOnly: true });
    }
    const a11yLarge = req.cookies[A11Y_COOKIE] === 'large';
    const token = req.cookies[SESSION_COOKIE];
    const now = app.clock.now();
    const actor = token ? ((await actorForSession(app.database.db, token, now)) ?? ANONYMOUS) : ANONYMOUS;
    if (token && actor === ANONYMOUS) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    req.ctx = app.context(actor, req.id);
    let flash: ViewState['flash'] = null;
    const rawFlash = req.cookies[FLASH_COOKIE];
    if (rawFlash) {
      const un = req.unsignCookie(rawFlash);
      if (un.valid && un.value) {
        try {
          flash = JSON.parse(un.value);
        } catch {
          /* ignore */
        }
      }
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    let csrfToken: string | undefined;
    let user: ViewState['user'] = null;
    if (actor.kind === 'user' && actor.userId) {
      const u = await findUserById(app.database.db, actor.userId);
      user = u ? { username: u.username, displayName: u.display_name } : null;
    }
    req.view = {
      script,
      a11yLarge,
      path: req.url.replace(/([?&])script=(hans|hant)&?/, '$1').replace(/[?&]$/, ''),
      flash,
      user,
      get today() {
        return app.clock.today();
      },
      site: await siteInfo(app.database.db),
      can: (action, subject) => policies.can(actor, action, subject),
      portalNav: PORTAL_NAV,
      adminNav: app.registry.adminNav,
      csrf: () => {
        if (csrfToken) return csrfToken;
        // Signed in: bound to the session. Anonymous: bound to a random cookie set on first use.
        let basis = token && actor !== ANONYMOUS ? `s:${token}` : req.cookies[CSRF_COOKIE];
        if (!basis) {
          const fresh = randomToken(18);
          reply.setCookie(CSRF_COOKIE, fresh, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' });
          req.cookies[CSRF_COOKIE] = fresh;
          basis = fresh;
        }
        csrfToken = hmac(`csrf:${basis}`);
        return csrfToken;
      },
    };
  });

  // ——— security headers on every response ——————————————————————————————————
  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });

  // ——— errors ——————————————————————————————————————————————————————————
  // The storage refusing writes is logged once per cause (not once per request, which would bury
  // everything else), and again only after a write has gone through in between.
  let storageDown: string | null = null;
  const storageFailed = (log: FastifyRequest['log'], p: StorageProblem) => {
    if (storageDown === p.reason) return;
    storageDown = p.reason;
    log.error({ storage: p.reason, detail: p.detail }, `storage unavailable: ${p.reason} (${p.message}) — ${p.detail}`);
  };
  const storageWorks = (log: FastifyRequest['log']) => {
    if (storageDown === null) return;
    log.warn({ storage: 'ok', was: storageDown }, `storage available again (was ${storageDown})`);
    storageDown = null;
  };
  app.registry.onCommitted(() => storageWorks(fastify.log));
  fastify.decorate('storageStatus', (req: FastifyRequest, p: StorageProblem | null) => (p ? storageFailed(req.log, p) : storageWorks(req.log)));

  fastify.setErrorHandler(async (err, req, reply) => {
    let e = err as Error & { statusCode?: number; code?: string };
    let status = 500;
    let message = '服务器内部错误，请稍后再试。';
    let issues: ValidationError['issues'] = [];
    const storage = isAppError(e) ? null : storageProblem(e);
    if (storage) {
      storageFailed(req.log, storage);
      e = new StorageUnavailableError(storage.reason, storage.detail, 30, req.method === 'GET' ? '系统暂时无法读取数据，请稍后再试。' : undefined);
    }
    const known = isAppError(e) ? null : clientError(e);
    if (known) {
      status = known.status;
      message = known.message;
      e = Object.assign(new Error(message), { code: known.code });
    } else if (isAppError(e)) {
      status = e.status;
      message = e.message;
      if (e instanceof ValidationError) issues = e.issues;
      if (e instanceof RateLimitedError || e instanceof StorageUnavailableError) reply.header('retry-after', String(e.retryAfterSeconds));
    } else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      message = status === 413 ? '提交的内容过大' : status === 415 ? '不支持的提交格式' : '请求有误';
    } else {
      req.log.error({ err: e, url: req.routeOptions?.url }, 'unhandled error');
    }
    if (status === 401 && req.method === 'GET' && !isApi(req)) {
      return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    // An unexpected error's own code (a database SQLSTATE, a library's) says nothing to a client
    // and something to an attacker: 500s answer 'internal'.
    const code = e instanceof StorageUnavailableError ? e.code : status >= 500 ? 'internal' : ((e as { code?: string }).code ?? 'error');
    if (isApi(req)) return reply.code(status).header('cache-control', 'no-store').send({ error: { status, code, message, issues } });
    return reply.page(errorPage(req, status, message, issues, code === 'bad_url' ? '地址有误' : undefined), { status });
  });
  fastify.setNotFoundHandler(async (req, reply) => {
    if (isApi(req)) return reply.code(404).send({ error: { status: 404, code: 'not_found', message: '未找到' } });
    return reply.page(errorPage(req, 404, '您访问的页面不存在或已被移除。'), { status: 404 });
  });

  // ——— static assets ————————————————————————————————————————————————————
  fastify.get('/assets/:name', async (req, reply) => {
    const a = asset((req.params as { name: string }).name);
    if (!a) return reply.callNotFound();
    reply.type(a.type).header('cache-control', (req.query as { v?: string }).v ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return reply.send(a.body);
  });

  // ——— module routes ——————————————————————————————————————————————————————
  const limits = { forms: config.rateLimitForms, search: config.rateLimitSearch, login: config.rateLimitLogin };
  // Logins are limited per (address, login name), counted once the form is read (preHandler): an
  // office of fifty behind one NAT address logging in at 09:00 is fifty names, not one client.
  // Guessing many passwords of one account from one address stays limited; guessing across many
  // accounts from one address is slowed by the identity module's per-(name, address) throttle.
  const loginLimitKey = {
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => {
      const name = (req.body as { username?: unknown } | undefined)?.username;
      return `${req.ip}\n${typeof name === 'string' ? name.trim().toLowerCase().slice(0, 100) : ''}`;
    },
  };
  for (const r of routes) {
    if (r.action !== 'public' && !policies.has(r.action)) throw new Error(`route ${r.method} ${r.url} names an undefined policy action: ${r.action}`);
    fastify.route({
      method: r.method,
      url: r.url,
      config: r.rateLimit ? { rateLimit: { max: limits[r.rateLimit], timeWindow: 60_000, ...(r.rateLimit === 'login' ? loginLimitKey : {}) } } : {},
      preHandler: async (req, _reply) => {
        if (r.method !== 'GET' && !r.multipart) checkCsrf(req);
        if (r.action !== 'public' && !req.ctx.can(r.action)) {
          throw req.ctx.actor.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
        }
        // A NUL in a posted field: refused before any handler or query sees it (see fieldsWithNul).
        const nul = fieldsWithNul(req.body);
        if (nul.length) throw new ValidationError(nul.map((field) => ({ field, message: NUL_MESSAGE })));
        // A record number in the address that is not one (abc, 1.5, -1, 10^20) names nothing: 404,
        // before any query (PostgreSQL would refuse the value, SQLite would match nothing).
        const params = req.params as Record<string, string> | undefined;
        for (const [k, v] of Object.entries(params ?? {})) {
          if (NUMERIC_PARAMS.has(k) && !/^\d{1,15}$/.test(v)) throw new NotFoundError('您访问的页面不存在或已被移除。');
        }
      },
      handler: async (req, reply) => r.handler(req, reply),
    });
  }

  /** Form posts must carry the token for this visitor (double-submit, HMAC-bound to session or cookie). */
  function checkCsrf(req: FastifyRequest, field?: string): void {
    const got = field ?? (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    const want = req.view.csrf();
    if (typeof got !== 'string' || got.length !== want.length || !timingSafeEqual(Buffer.from(got), Buffer.from(want))) {
      throw new ForbiddenError('表单已过期或来源不明，请刷新页面后重新提交。');
    }
  }
  fastify.decorate('checkCsrf', checkCsrf);

  return { fastify, routes, pageCache };
}

/** Route parameters that are record numbers (or a year) wherever they appear in a module's routes. */
const NUMERIC_PARAMS = new Set(['id', 'aid', 'cid', 'orgId', 'year', 'n']);

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin',
};

const CACHED_PAGE_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', vary: 'Cookie', 'x-cache': 'hit' };

function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/healthz';
}

const BAD_REQUEST = '请求有误，请检查地址或重新提交表单。';
const BAD_PERCENT = '地址中的百分号编码无效（“%”后应是两位十六进制数字），请检查链接是否完整。';

/**
 * A request the server cannot read — an undecodable address, a body in a format no route takes, a
 * body larger than allowed, an upload cut short or without its boundary — named for the visitor.
 * These come from the router, the body parsers and busboy, never from our handlers' logic, so they
 * are recognised here once instead of in every upload handler.
 */
function clientError(e: unknown): { status: number; code: string; message: string } | null {
  if (!e || typeof e !== 'object') return null;
  const err = e as { code?: unknown; message?: unknown; statusCode?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const text = typeof err.message === 'string' ? err.message : '';
  // decodeURIComponent on a piece of the address or a query value (e.g. '%', '%E0%A4%A').
  if (e instanceof URIError || code === 'FST_ERR_BAD_URL') return { status: 400, code: 'bad_url', message: BAD_PERCENT };
  if (code === 'bad_url' && err.statusCode === 400) return { status: 400, code, message: text };
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'unsupported_format', message: '不支持的提交格式：请通过网页上的表单提交。' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? { status: 413, code: 'too_large', message: '提交的内容过大，超过了服务器允许的上限。' }
        : { status: 400, code: 'incomplete', message: '提交的内容不完整（长度与声明不符），请重新提交。' };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'too_large', message: '上传的文件超过服务器允许的 20 MB 上限，请压缩或拆分后再上传。' };
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'too_many_parts', message: '一次提交的文件或字段过多，请分次上传。' };
    case 'FST_PROTO_VIOLATION':
      return { status: 400, code: 'bad_field', message: '提交的表单含有无效的字段名。' };
    case 'FST_MP_PREMATURE_CLOSE':
      return { status: 400, code: 'incomplete', message: '上传内容不完整：传输在完成前中断，请重新上传。' };
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 415, code: 'unsupported_format', message: '不支持的提交格式：请通过网页上的表单提交。' };
  }
  // busboy (multipart): plain Errors, known by their text.
  if (/^Multipart: Boundary not found$|^Boundary required$/.test(text))
    return { status: 400, code: 'bad_upload', message: '上传内容的格式有误（缺少各部分之间的分隔标记），请通过网页上的表单重新上传。' };
  if (/unexpected end of multipart data|^Malformed part header|^Unexpected end of (form|file)/i.test(text))
    return { status: 400, code: 'incomplete', message: '上传内容不完整，请重新上传。' };
  return null;
}

function errorPage(req: FastifyRequest, status: number, message: string, issues: ValidationError['issues'] = [], heading?: string): SafeHtml {
  const titles: Record<number, string> = {
    400: '提交的内容有误',
    403: '无权访问',
    404: '页面不存在',
    409: '操作未执行',
    413: '内容过大',
    415: '不支持的提交格式',
    429: '访问过于频繁',
    500: '系统错误',
    503: '系统暂时不可用',
  };
  const title = heading ?? titles[status] ?? '出错了';
  const body = html`<h1>${title}</h1>
<div class="notice ${status >= 500 ? 'error' : 'warn'}" role="alert"><p>${message}</p>
${issues.length ? html`<ul>${issues.map((i) => html`<li>${i.field}：${i.message}</li>`)}</ul>` : ''}</div>
${status === 429 ? html`<p>为保障平台稳定，同一来源的访问频率受到限制。请稍等片刻后再试。</p>` : ''}
<p><a href="/">返回首页</a>${req.url.startsWith('/admin') ? html` · <a href="/admin">返回工作台</a>` : ''}</p>`;
  if (!req.view)
    return html`<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
  return req.url.startsWith('/admin') ? adminPage(req.view, { title }, body) : portalPage(req.view, { title }, body);
}

declare module 'fastify' {
  interface FastifyInstance {
    checkCsrf(req: FastifyRequest, field?: string): void;
    /** Report the outcome of a storage write check (GET /healthz): logged once per cause. */
    storageStatus(req: FastifyRequest, problem: StorageProblem | null): void;
  }
}
