import { z } from 'zod';

/**
 * The platform's settings: one typed, validated, documented schema, read once at start
 * (src/app/config.ts reads the environment; README lists every key). Modules receive the parsed
 * value in their context and never read process.env themselves.
 *
 * Each key: type, default, example. `GONGKAI_` + the upper-snake form of the key is its variable.
 */
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  /** Where the data lives: a file path or `sqlite:path` (SQLite), or `postgres://…`. Example: postgres://gongkai@db/gongkai */
  databaseUrl: z.string().min(1).default('./data/gongkai.db'),
  /** HTTP port. Example: 8080 */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Example: 0.0.0.0 (behind a reverse proxy) */
  host: z.string().min(1).default('127.0.0.1'),
  /**
   * The public address of the portal, used in feeds, sitemap, the 指南 and letters. Required in
   * production (NODE_ENV=production, or listening beyond loopback): the start refuses it unset or
   * pointing at this machine. Unset elsewhere: http://localhost:<port>. Example: https://xxgk.hongjiang.gov.cn
   */
  publicUrl: z.string().url().optional(),
  /** Secret for session and form tokens (≥ 32 characters). Unset: one is generated and kept in ./data/secret. */
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Trust X-Forwarded-* from a reverse proxy (needed for Secure cookies and client IPs behind TLS). */
  trustProxy: bool.default(false),
  /** Time zone of the calendar day (deadlines count in it). */
  timeZone: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
  /** SQLite durability: FULL survives power loss; NORMAL only a killed process (faster). */
  sqliteSynchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** PostgreSQL connection pool size. */
  poolSize: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Failed logins on one account within the window, from at least `loginLockAddresses` client
   * addresses, before the account itself is locked (a guessing campaign, not a forgetful owner).
   */
  loginMaxFailures: z.coerce.number().int().min(1).max(10000).default(20),
  /** How many distinct client addresses those failures must come from before the account locks. */
  loginLockAddresses: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failures from one address on one account before that address must wait (1 s, 2 s, 4 s … on each further failure). */
  loginThrottleAfter: z.coerce.number().int().min(1).max(100).default(3),
  /** Minutes over which failed logins are counted (an address's failures are forgotten after this quiet time). */
  loginFailureWindowMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** How long a locked account stays locked unless an administrator unlocks it sooner, in minutes; also the longest an address waits. */
  lockoutMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Absolute session lifetime in hours. */
  sessionHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(8),
  /** Requests per minute per client to public forms (applications, ratings). */
  rateLimitForms: z.coerce.number().int().min(1).default(20),
  /** Requests per minute per client to search and the open-data API. */
  rateLimitSearch: z.coerce.number().int().min(1).default(120),
  /** Login attempts per minute per client address and login name (an office behind one NAT address is many names). */
  rateLimitLogin: z.coerce.number().int().min(1).default(10),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** argon2id memory cost in KiB (OWASP floor 19456; default 65536). Tests lower it for speed. */
  argon2MemoryKib: z.coerce.number().int().min(4096).max(1048576).default(65536),
  /** Where uploaded attachments are kept. */
  filesDir: z.string().min(1).default('./data/files'),
  /**
   * Zip containers from outside (XLSX, DOCX: imports and attachments): at most this many bytes once
   * inflated, all entries together (a zip bomb is refused as soon as it passes). Example: 209715200
   */
  zipMaxBytes: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(2 * 1024 * 1024 * 1024 - 1)
    .default(100 * 1024 * 1024),
  /** …and at most this many entries. */
  zipMaxEntries: z.coerce.number().int().min(10).max(65535).default(1000),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof Config;

/** `databaseUrl` → `GONGKAI_DATABASE_URL` */
export function envName(key: string): string {
  return `GONGKAI_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The portal's public address without a trailing slash (`http://localhost:<port>` while unset, outside production). */
export function publicUrlOf(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** A host name or address that only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim()) || /\.localhost$/i.test(host.trim());
}

/**
 * Why this configuration must not serve the public, or null. Production is NODE_ENV=production or
 * a listening interface beyond loopback; there the public address must be set and not this machine
 * (otherwise the 指南, feeds, sitemap and letters would send readers to localhost).
 */
export function productionProblem(config: Pick<Config, 'publicUrl' | 'host'>, env: { NODE_ENV?: string | undefined }): string | null {
  const production = env.NODE_ENV === 'production' || !isLoopbackHost(config.host);
  if (!production) return null;
  if (!config.publicUrl)
    return 'GONGKAI_PUBLIC_URL 未设置：正式运行时须设为门户的公网地址（如 https://xxgk.hongjiang.gov.cn），指南、订阅、网站地图和告知书中的网址都取自它。';
  const host = new URL(config.publicUrl).hostname;
  if (isLoopbackHost(host) || host === '0.0.0.0' || host === '[::]')
    return `GONGKAI_PUBLIC_URL 指向本机（${config.publicUrl}）：正式运行时须设为公众能访问的门户地址（如 https://xxgk.hongjiang.gov.cn）。`;
  return null;
}
