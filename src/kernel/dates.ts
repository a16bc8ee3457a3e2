/**
 * Calendar dates are plain `YYYY-MM-DD` strings everywhere (storage, rules, CLI): no time zone can
 * shift them. These helpers do date arithmetic on such strings in UTC, where no day is 23 hours.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  // The three groups are not optional: a match always has them.
  const [, year = '', month = '', day = ''] = m;
  const d = new Date(Date.UTC(+year, +month - 1, +day));
  return d.getUTCFullYear() === +year && d.getUTCMonth() === +month - 1 && d.getUTCDate() === +day;
}

export function parseIsoDate(s: string): Date {
  if (!isIsoDate(s)) throw new RangeError(`not a valid date (YYYY-MM-DD): ${s}`);
  return new Date(`${s}T00:00:00Z`);
}

export function formatIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = parseIsoDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatIsoDate(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return parseIsoDate(date).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / 86_400_000);
}

/** The calendar date of an instant in a time zone (default China Standard Time). */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
export function dateInZone(instant: Date, timeZone = 'Asia/Shanghai'): IsoDate {
  // Building an Intl formatter costs ~0.1 ms; it is made once per zone. en-CA formats as YYYY-MM-DD.
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    zoneFormats.set(timeZone, f);
  }
  return f.format(instant);
}

/**
 * An instant (ISO text as stored, or a Date) as staff read it: `2016-10-26 09:05` in the app's
 * time zone (default Beijing time), `:ss` with `seconds`. The stored value stays UTC.
 */
const timeFormats = new Map<string, Intl.DateTimeFormat>();
export function timeInZone(instant: string | Date, timeZone = 'Asia/Shanghai', seconds = false): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return String(instant);
  const key = `${timeZone}|${seconds}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    timeFormats.set(key, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}

/** 2016-10-26 → 2016年10月26日 */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
