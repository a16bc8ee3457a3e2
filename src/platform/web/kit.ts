import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Script } from '../i18n/script.ts';
import type { SafeHtml } from './html.ts';
import type { AdminNavItem, PortalNavItem } from './nav.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { errorsOf, type FormErrors } from './components.ts';

/**
 * What views need to know about the request: script and accessibility preferences, the CSRF
 * token for forms, a flash message, who is signed in and what they may do, and site identity.
 */
export interface ViewState {
  script: Script;
  a11yLarge: boolean;
  /** Path and query of this request (for "back" links and toggles). */
  path: string;
  csrf(): string;
  flash: { kind: 'ok' | 'error' | 'warn'; text: string } | null;
  user: { username: string; displayName: string } | null;
  can(action: string, subject?: unknown): boolean;
  site: SiteInfo;
  today: string;
  /** This app's menus (from the modules' manifests). */
  portalNav: readonly PortalNavItem[];
  adminNav: readonly AdminNavItem[];
}

export interface SiteInfo {
  /** 洪江区人民政府 */
  name: string;
  /** 政府信息公开 */
  subtitle: string;
  /** 主办单位 */
  host: string;
  /** 承办单位 */
  operator: string;
  address: string;
  phone: string;
  /** 政府网站标识码 */
  siteCode: string;
  icp: string;
}

export type PageCache = 'none' | 'public';

export const SESSION_COOKIE = 'gk_sid';

/** Only redirect within this site (no `//host`, no `/\\host`, no absolute URLs). */
export function safeLocal(location: string): string {
  return /^\/(?![/\\])/.test(location) ? location : '/';
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: AppContext;
    view: ViewState;
  }
  interface FastifyReply {
    /** Send an HTML page: converted to the visitor's script, with the right headers. */
    page(body: SafeHtml, opts?: { status?: number; cache?: PageCache }): FastifyReply;
    /** Redirect after a POST, carrying a flash message. */
    done(location: string, message?: string, kind?: 'ok' | 'error' | 'warn'): FastifyReply;
  }
}

/**
 * A route as data: the policy action that guards it (or 'public'), its rate-limit class, and a
 * handler that reads as a pipeline (validate → command → present). The route table is what the
 * authorisation-matrix test walks: a route without an action cannot be registered.
 */
export interface RouteDef {
  method: 'GET' | 'POST';
  url: string;
  /** A policy action (checked before the handler, coarse: "may do this somewhere"), or 'public'. */
  action: string;
  rateLimit?: 'forms' | 'search' | 'login';
  /** Answers JSON (the open-data API): errors as JSON, no CSRF (GET only). */
  api?: boolean;
  /** Multipart uploads: the handler checks the CSRF field itself after parsing. */
  multipart?: boolean;
  handler(req: FastifyRequest, reply: FastifyReply): Promise<unknown> | unknown;
}

export function defineRoutes(routes: RouteDef[]): RouteDef[] {
  return routes;
}

/** Read a form body (urlencoded) as a flat string record; repeated fields become arrays. */
export function formBody(req: FastifyRequest): Record<string, string | string[]> {
  const b = req.body;
  if (!b || typeof b !== 'object') return {};
  return b as Record<string, string | string[]>;
}

export function queryOf(req: FastifyRequest): Record<string, string | undefined> {
  const q = req.query as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q ?? {})) out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  return out;
}

/** Where a form goes when its command succeeded: an address, or the address and its flash message. */
export type FormDone = string | readonly [location: string, message?: string, kind?: 'ok' | 'error' | 'warn'];

/**
 * A form route in one line: run the form's command (`run`, which reads the form with `formBody`
 * and calls `execute`); on bad input re-render the form with each field's error (`invalid`); on
 * success redirect with a flash message (`done` says where and what, from the command's result).
 */
export async function submitForm<T>(
  reply: FastifyReply,
  run: () => Promise<T>,
  invalid: (errors: FormErrors) => Promise<unknown> | unknown,
  done: (value: T) => FormDone,
): Promise<FastifyReply | undefined> {
  const r = await formCommand(run, invalid);
  if (!r.ok) return undefined;
  const to = done(r.value);
  return typeof to === 'string' ? reply.done(to) : reply.done(to[0], to[1], to[2]);
}

/**
 * Run a form's command; on bad input, call `invalid` with each field's error (it re-renders the
 * form) and return `{ invalid: true }`. Any other error goes to the error page.
 */
export async function formCommand<T>(
  run: () => Promise<T>,
  invalid: (errors: FormErrors) => Promise<unknown> | unknown,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (e instanceof ValidationError) {
      await invalid(errorsOf(e.issues));
      return { ok: false };
    }
    throw e;
  }
}
