/**
 * Where to go after logging in, or back to after a preference toggle (any address a visitor can supply): `next` is accepted only as a path on this site, else null (the
 * caller lands on the dashboard). An open redirect after login is a phishing tool — the victim
 * sees our login page, types a real password, and is sent on to a look-alike.
 *
 * Browsers do not read a Location header as we print it: the WHATWG URL parser first strips
 * leading and trailing C0 controls and spaces, removes every tab and newline anywhere, and reads
 * `\` as `/`. So `/\t/evil.example/` is `//evil.example/` to them. A `next` the parser would
 * change that way is hiding something, and is refused; so is anything but printable ASCII (our
 * own redirect to the login page percent-encodes the address, so an honest `next` is ASCII once
 * decoded; a raw `。` or CR LF in a Location header made fastify throw: a 500 instead of a login).
 */
const BASE = 'http://h.invalid';

export function safeNext(raw: string | undefined | null): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return null;
  // What the URL parser removes before it reads anything (WHATWG URL, basic URL parser, steps 1–3).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls the URL parser strips are what this looks for
  const seen = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (seen !== raw) return null;
  // Printable ASCII only: no controls, spaces, DEL, full-width look-alikes (／ 。) or other non-ASCII.
  if (!/^[\x21-\x7e]+$/.test(raw)) return null;
  // Exactly one leading slash: `//host` and `/\host` name another host (scheme-relative).
  if (!/^\/(?![/\\])/.test(raw)) return null;
  // A backslash anywhere is a slash to the browser; there is no honest use for one in our paths.
  if (raw.includes('\\')) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const out = url.pathname + url.search + url.hash;
  // Dot segments can leave an empty first segment (`/.//evil` → `//evil`): judge the result too.
  if (!/^\/(?![/\\])/.test(out) || !/^[\x21-\x7e]+$/.test(out)) return null;
  return out;
}
