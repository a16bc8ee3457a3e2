import { createDeflateRaw, constants } from 'node:zlib';

/**
 * Zip bombs for the zip guard's tests, built without ever holding what they inflate to: the zeros
 * are deflated as a stream from one reused 1 MiB buffer, and the archive is written here byte by
 * byte (local headers, central directory, EOCD, optionally the ZIP64 records), so a test can make
 * its sizes lie.
 */
const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

const deflated = new Map<number, Promise<Buffer>>();

/** `size` zero bytes as one raw deflate stream (1 GiB → about 1 MB; computed once per process). */
export function deflatedZeros(size: number): Promise<Buffer> {
  let p = deflated.get(size);
  if (!p) {
    p = (async () => {
      // Z_RLE: runs of one byte are all there is, and it is five times faster than the default.
      const z = createDeflateRaw({ level: 9, memLevel: 9, strategy: constants.Z_RLE, chunkSize: MiB });
      const out: Buffer[] = [];
      z.on('data', (c: Buffer) => out.push(c));
      const ended = new Promise((resolve, reject) => z.on('end', resolve).on('error', reject));
      const zero = Buffer.alloc(MiB);
      for (let left = size; left > 0; left -= MiB) {
        if (!z.write(left >= MiB ? zero : zero.subarray(0, left))) await new Promise((r) => z.once('drain', r));
      }
      z.end();
      await ended;
      return Buffer.concat(out);
    })();
    deflated.set(size, p);
  }
  return p;
}

export interface ZipEntrySpec {
  name: string;
  /** The entry's bytes as stored (already deflated when method is 8). */
  data: Buffer;
  method?: 0 | 8;
  /** The uncompressed size the archive claims. */
  declared: number;
  /** Write this entry's sizes as ZIP64 (0xFFFFFFFF in the header, the values in the 0x0001 extra field). */
  zip64?: boolean;
  /** Point this central entry at another entry's local header (overlapping entries). */
  sameDataAs?: number;
}

/** A zip archive of these entries; `zip64` also writes the ZIP64 EOCD record and locator. */
export function writeZip(entries: ZipEntrySpec[], opts: { zip64?: boolean; declaredCount?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const [i, e] of entries.entries()) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const extra = e.zip64 ? zip64Extra(e.declared, e.data.length) : Buffer.alloc(0);
    if (e.sameDataAs === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(e.zip64 ? 45 : 20, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(0, 14);
      local.writeUInt32LE(e.zip64 ? 0xffffffff : e.data.length, 18);
      local.writeUInt32LE(e.zip64 ? 0xffffffff : e.declared, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(extra.length, 28);
      offsets[i] = offset;
      parts.push(local, name, extra, e.data);
      offset += 30 + name.length + extra.length + e.data.length;
    } else {
      offsets[i] = offsets[e.sameDataAs]!; // an earlier entry, already written
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(e.zip64 ? 45 : 20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(0, 16);
    c.writeUInt32LE(e.zip64 ? 0xffffffff : e.data.length, 20);
    c.writeUInt32LE(e.zip64 ? 0xffffffff : e.declared, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(offsets[i]!, 42); // set just above
    central.push(c, name, extra);
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const count = opts.declaredCount ?? entries.length;
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(45, 12);
    z.writeUInt16LE(45, 14);
    z.writeBigUInt64LE(BigInt(count), 24);
    z.writeBigUInt64LE(BigInt(count), 32);
    z.writeBigUInt64LE(BigInt(cdSize), 40);
    z.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cdSize), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(z, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(opts.zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : cdSize, 12);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, ...central, ...tail, end]);
}

function zip64Extra(uncompressed: number, compressed: number): Buffer {
  const x = Buffer.alloc(20);
  x.writeUInt16LE(0x0001, 0);
  x.writeUInt16LE(16, 2);
  x.writeBigUInt64LE(BigInt(uncompressed), 4);
  x.writeBigUInt64LE(BigInt(compressed), 12);
  return x;
}

// Enough of an XLSX for content sniffing (file-type) to call it one.
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';

/**
 * An XLSX-shaped bomb: a small [Content_Types].xml and one worksheet of `inflated` zeros (1 GiB by
 * default) whose declared size is honest, or the lie given in `declared` (e.g. 1 KB).
 */
export async function xlsxBomb(opts: { inflated?: number; declared?: number } = {}): Promise<Buffer> {
  const inflated = opts.inflated ?? GiB;
  const ct = Buffer.from(CONTENT_TYPES);
  return writeZip([
    { name: '[Content_Types].xml', data: ct, method: 0, declared: ct.length },
    { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(inflated), declared: Math.min(opts.declared ?? inflated, 0xfffffffe) },
  ]);
}

/** An archive of `n` empty stored entries (too many parts, each of nothing). */
export function manyEntries(n: number): Buffer {
  return writeZip(Array.from({ length: n }, (_, i) => ({ name: `xl/part${i}.xml`, data: Buffer.alloc(0), method: 0 as const, declared: 0 })));
}

/**
 * Time (ms) and peak RSS growth (bytes) of `fn`, sampled every 5 ms, with what it returned or threw.
 * The sampler runs on the event loop: the inflater works in the thread pool, so samples keep coming.
 */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; ms: number; rssGrowth: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t0 = performance.now();
  const out: { result?: T; error?: unknown } = {};
  try {
    out.result = await fn();
  } catch (e) {
    out.error = e;
  } finally {
    clearInterval(timer);
  }
  return { ...out, ms: performance.now() - t0, rssGrowth: Math.max(peak, process.memoryUsage.rss()) - base };
}
