import { createInflateRaw } from 'node:zlib';
import { ValidationError } from '../../kernel/errors.ts';
import { configSchema, type Config } from '../config.ts';

/**
 * The one door every zip container from outside passes before a library opens it (XLSX and DOCX
 * are zip files of XML): report, catalogue and ledger imports, attachments, on the web and the CLI.
 *
 * A zip bomb is a small file whose entries inflate to gigabytes; the zip libraries (jszip, under
 * exceljs too) inflate whatever the file holds, into memory. So, before they see it:
 *
 *   1. the central directory is read here (End Of Central Directory record, ZIP64 records too), and
 *      the file is refused if it has more entries than allowed or declares more inflated bytes;
 *   2. declared sizes can lie, so each entry is then inflated by a streaming inflater into a counter
 *      (output discarded, memory bounded by one chunk), stopping the moment the running total of all
 *      entries passes the limit;
 *   3. the libraries get a rebuilt archive, not the upload: the same compressed bytes of the entries
 *      just counted, with fresh headers stating the sizes measured. What they parse is therefore what
 *      was counted — no second reading of the upload's own offsets, duplicate directories or
 *      prepended data can reach bytes the guard did not inflate.
 */
export interface ZipLimits {
  /** Inflated bytes of all entries together. */
  maxBytes: number;
  /** Entries in the central directory. */
  maxEntries: number;
}

export function zipLimitsOf(config: Pick<Config, 'zipMaxBytes' | 'zipMaxEntries'>): ZipLimits {
  return { maxBytes: config.zipMaxBytes, maxEntries: config.zipMaxEntries };
}

/** The configuration's defaults (src/platform/config.ts), for readers called without a context. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = zipLimitsOf(configSchema.parse({}));

/** Over a limit: refused, with the file named (field `file`, like every upload problem). */
export class ZipLimitError extends ValidationError {
  constructor(message: string) {
    super([{ field: 'file', message }]);
  }
}

/** Not a zip archive the guard can read (truncated, encrypted, an unknown compression method). */
export class ZipFormatError extends Error {}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const U16 = 0xffff;
const U32 = 0xffffffff;

interface Entry {
  name: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  declared: number;
  data: Buffer;
  madeBy: number;
  externalAttrs: number;
  inflated: number;
}

export function formatSize(n: number): string {
  const MB = 1024 * 1024;
  if (n >= 1024 * MB) return `${Number((n / 1024 / MB).toFixed(1))} GB`;
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

/** An entry's name as shown in a message: printable, at most 60 characters. */
function shownName(name: Buffer): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping C0 controls and DEL from an entry name is the point
  const s = name.toString('utf8').replace(/[\u0000-\u001f\u007f\ufffd]/g, '');
  return s.length > 60 ? `…${s.slice(-59)}` : s;
}

/** Whether these bytes start like a zip archive (a local file header, or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Check an archive against the limits and return the verified archive for the libraries to open.
 * Throws ZipLimitError (naming `fileName`) when over a limit, ZipFormatError when unreadable.
 */
export async function guardZip(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<Buffer> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (why: string) => new ZipLimitError(`文件《${fileName}》解压后超过 ${formatSize(limits.maxBytes)} 的上限（${why}），已拒绝`);
  const tooMany = (n: number) => new ZipLimitError(`文件《${fileName}》包含 ${n} 个压缩条目，超过 ${limits.maxEntries} 个的上限，已拒绝`);

  const dir = centralDirectory(buf);
  if (dir.count > limits.maxEntries) throw tooMany(dir.count);
  const entries = readEntries(buf, dir);
  const declared = entries.reduce((s, e) => s + e.declared, 0);
  if (declared > limits.maxBytes) throw refuse(`${entries.length} 个条目声明解压后共 ${formatSize(declared)}`);

  let total = 0;
  for (const e of entries) {
    const budget = limits.maxBytes - total;
    const n = e.method === 0 || e.data.length === 0 ? e.data.length : await inflatedSize(e.data, budget);
    if (n > budget) {
      const lie = e.declared < n ? `，而文件声明它只有 ${formatSize(e.declared)}` : '';
      throw refuse(`解压到条目“${shownName(e.name)}”时已超过上限${lie}`);
    }
    e.inflated = n;
    total += n;
  }
  return rebuild(entries);
}

interface Directory {
  count: number;
  offset: number;
}

function centralDirectory(buf: Buffer): Directory {
  // The EOCD record is the last 22 bytes, unless a comment (≤ 64 KiB) follows it.
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let at = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('找不到 ZIP 目录');
  let count = buf.readUInt16LE(at + 10);
  let offset = buf.readUInt32LE(at + 16);
  const disk = buf.readUInt16LE(at + 4);
  if (count === U16 || offset === U32 || buf.readUInt32LE(at + 12) === U32 || disk === U16) {
    // ZIP64: the locator sits right before the EOCD and points at the ZIP64 EOCD record.
    const loc = at - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 目录不完整');
    const z = u64(buf, loc + 8);
    if (z + 56 > loc || buf.readUInt32LE(z) !== SIG_ZIP64_EOCD) throw new ZipFormatError('ZIP64 目录不完整');
    count = u64(buf, z + 32);
    offset = u64(buf, z + 48);
  } else if (disk !== 0 || buf.readUInt16LE(at + 6) !== 0) {
    throw new ZipFormatError('分卷压缩文件');
  }
  if (offset > at) throw new ZipFormatError('ZIP 目录位置无效');
  return { count, offset };
}

/** A 64-bit size as a number: exact below 2^53, and far above any limit beyond. */
function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

function readEntries(buf: Buffer, dir: Directory): Entry[] {
  const entries: Entry[] = [];
  let p = dir.offset;
  const need = (n: number) => {
    if (p + n > buf.length) throw new ZipFormatError('ZIP 目录被截断');
  };
  for (let i = 0; i < dir.count; i++) {
    need(46);
    if (buf.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipFormatError('ZIP 目录损坏');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressed = buf.readUInt32LE(p + 20);
    let declared = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    need(46 + nameLen + extraLen + commentLen);
    const name = buf.subarray(p + 46, p + 46 + nameLen);
    // ZIP64 extended information (0x0001): the 64-bit values of the fields set to 0xFFFFFFFF, in order.
    for (let x = p + 46 + nameLen, end = x + extraLen; x + 4 <= end; ) {
      const id = buf.readUInt16LE(x);
      const len = buf.readUInt16LE(x + 2);
      if (x + 4 + len > end) break;
      if (id === 0x0001) {
        let q = x + 4;
        const next = () => {
          if (q + 8 > x + 4 + len) throw new ZipFormatError('ZIP64 信息不完整');
          const v = u64(buf, q);
          q += 8;
          return v;
        };
        if (declared === U32) declared = next();
        if (compressed === U32) compressed = next();
        if (local === U32) local = next();
      }
      x += 4 + len;
    }
    if (flags & 0x0001) throw new ZipFormatError('文件已加密');
    if (method !== 0 && method !== 8) throw new ZipFormatError('不支持的压缩方式');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== SIG_LOCAL) throw new ZipFormatError('ZIP 条目损坏');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ZipFormatError('ZIP 条目被截断');
    entries.push({
      name,
      flags,
      method,
      time: buf.readUInt16LE(p + 12),
      date: buf.readUInt16LE(p + 14),
      crc: buf.readUInt32LE(p + 16),
      declared,
      data: buf.subarray(start, start + compressed),
      madeBy: buf.readUInt16LE(p + 4),
      externalAttrs: buf.readUInt32LE(p + 38),
      inflated: 0,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * The inflated size of one deflate stream, or a number over `budget` as soon as it passes it (the
 * inflater is destroyed there: the rest is never inflated). Output chunks are counted and dropped.
 */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Big chunks for big streams: fewer events per inflated megabyte, so a bomb is stopped sooner.
    const z = createInflateRaw({ chunkSize: data.length > 64 * 1024 ? 1024 * 1024 : 64 * 1024 });
    let n = 0;
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        settle(() => resolve(n));
        z.destroy();
      }
    });
    z.on('end', () => settle(() => resolve(n)));
    z.on('error', () => settle(() => reject(new ZipFormatError('ZIP 条目数据损坏'))));
    z.end(data);
  });
}

/** A plain archive of the verified entries: sizes as measured, no data descriptors, no ZIP64. */
function rebuild(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    // Keep only the UTF-8 name flag: sizes now stand in the headers (no data descriptor, bit 3).
    const flags = e.flags & 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.inflated, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(SIG_CENTRAL, 0);
    c.writeUInt16LE(e.madeBy, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt16LE(e.time, 12);
    c.writeUInt16LE(e.date, 14);
    c.writeUInt32LE(e.crc, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.inflated, 24);
    c.writeUInt16LE(e.name.length, 28);
    c.writeUInt32LE(e.externalAttrs, 38);
    c.writeUInt32LE(offset, 42);
    parts.push(local, e.name, e.data);
    central.push(c, e.name);
    offset += 30 + e.name.length + e.data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
