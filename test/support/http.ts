/**
 * A cookie-keeping HTTP client over real sockets (fetch), for servers in their own process
 * (test/support/process.ts) and browsers' view of the wire: redirects are not followed, so a test
 * sees each 303 and its Location.
 */
export interface HttpResp {
  status: number;
  headers: Headers;
  body: string;
  location?: string;
}

export class HttpClient {
  cookies = new Map<string, string>();
  constructor(
    /** Changeable: a restarted server listens elsewhere, the visitor keeps its cookies. */
    public base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, timeoutMs = 60_000): Promise<HttpResp> {
    const res = await fetch(this.base + path, {
      method,
      body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body),
      redirect: 'manual',
      headers: { ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, location: res.headers.get('location') ?? undefined };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<HttpResp> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, form: Record<string, string | number>, headers: Record<string, string> = {}): Promise<HttpResp> {
    const b = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) b.append(k, String(v));
    return this.request('POST', path, b.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** The CSRF token of this visitor, read from a page with a form. */
  async csrf(page = '/admin/login'): Promise<string> {
    let r = await this.get(page);
    if (r.status === 303 && r.location) r = await this.get(r.location);
    const m = /name="_csrf" value="([^"]+)"/.exec(r.body);
    if (!m?.[1]) throw new Error(`no CSRF token on ${page} (${r.status})`);
    return m[1];
  }

  async login(username: string, password = 'Hongjiang@2016'): Promise<void> {
    const r = await this.post('/admin/login', { username, password, _csrf: await this.csrf() });
    if (r.status !== 303) throw new Error(`login ${username}: ${r.status}`);
  }

  /** The flash message set by the last redirect (a signed cookie holding JSON). */
  flash(): string {
    const raw = this.cookies.get('gk_flash');
    if (!raw) return '';
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
}
