import { createHash } from 'node:crypto';
import { mkdir, writeFile, rename, readFile, access } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import JSZip from 'jszip';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../../kernel/errors.ts';
import { DEFAULT_ZIP_LIMITS, guardZip, looksLikeZip, ZipFormatError, type ZipLimits } from '../../platform/render/zip-guard.ts';

/**
 * Attachments: checked by content, never by the name the uploader gave (a renamed executable is
 * still an executable), size-limited, stored once per content hash, and read for text so search
 * finds what is inside them and the personal-data scan sees it. Office files are also checked for
 * what a publisher rarely means to publish: hidden sheets, author names, comments, tracked changes.
 *
 * Text extraction: PDF with Mozilla's pdf.js (pdfjs-dist, see docs/adr/0004-pdf-text-extraction.md),
 * DOCX and XLSX by reading their XML parts directly (they are zip files of XML; no rendering needed).
 */
export type AttachmentKind = 'pdf' | 'docx' | 'xlsx' | 'image';

export interface AttachmentFlag {
  kind: 'hidden_sheet' | 'metadata' | 'comments' | 'tracked_changes';
  detail: string;
}

export interface CheckedAttachment {
  fileName: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  sha256: string;
  text: string;
  flags: AttachmentFlag[];
  bytes: Buffer;
}

const ALLOWED: Record<string, { kind: AttachmentKind; exts: string[] }> = {
  'application/pdf': { kind: 'pdf', exts: ['.pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'docx', exts: ['.docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'xlsx', exts: ['.xlsx'] },
  'image/png': { kind: 'image', exts: ['.png'] },
  'image/jpeg': { kind: 'image', exts: ['.jpg', '.jpeg'] },
  'image/gif': { kind: 'image', exts: ['.gif'] },
  'image/webp': { kind: 'image', exts: ['.webp'] },
};

const KIND_NAMES: Record<string, string> = {
  pdf: 'PDF 文档',
  docx: 'Word 文档（DOCX）',
  xlsx: 'Excel 表格（XLSX）',
  png: 'PNG 图片',
  jpg: 'JPEG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  exe: '可执行程序',
  zip: 'ZIP 压缩包',
  doc: '旧版 Word 文档（DOC）',
  xls: '旧版 Excel 表格（XLS）',
  cfb: '旧版 Office 文档',
  html: '网页',
};

/** At most this much extracted text is kept per attachment (the search index is not an archive). */
export const MAX_TEXT = 200_000;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

/** A safe display name: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping C0 controls and DEL from a file name is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  return (cleaned || 'file').slice(-120);
}

/**
 * Check an upload and read its text. Throws ValidationError (field `file`) with a message the
 * uploader can act on: what the file really is, or how far over the limit it is. A zip container
 * (DOCX, XLSX, or anything zip-shaped) passes the zip guard before any library looks inside it —
 * `limits.zip`, the configuration's; the text is then read from the archive the guard verified.
 */
export async function checkAttachment(
  fileName: string,
  bytes: Buffer,
  limits: { maxBytes: number; maxImageBytes: number; zip?: ZipLimits },
): Promise<CheckedAttachment> {
  const name = cleanFileName(fileName);
  if (bytes.length === 0) throw ValidationError.field('file', `附件《${name}》是空文件`);
  if (bytes.length > limits.maxBytes) {
    throw ValidationError.field(
      'file',
      `附件《${name}》大小为 ${formatBytes(bytes.length)}，超过 ${formatBytes(limits.maxBytes)} 的上限，请压缩或拆分后再上传`,
    );
  }
  let verified: Buffer | undefined;
  if (looksLikeZip(bytes)) {
    try {
      verified = await guardZip(bytes, name, limits.zip ?? DEFAULT_ZIP_LIMITS);
    } catch (e) {
      if (!(e instanceof ZipFormatError)) throw e;
      throw ValidationError.field('file', `附件《${name}》无法读取（文件可能已损坏或加密）：${e.message}`);
    }
  }
  const detected = await fileTypeFromBuffer(bytes);
  const ext = extname(name).toLowerCase();
  const allowed = detected ? ALLOWED[detected.mime] : undefined;
  if (!detected || !allowed) {
    const what = detected ? (KIND_NAMES[detected.ext] ?? `${detected.ext.toUpperCase()} 文件`) : '无法识别的文件';
    throw ValidationError.field('file', `附件《${name}》的实际内容是${what}，不在允许的类型内（只接受 PDF、DOCX、XLSX 和 PNG/JPEG/GIF/WebP 图片）`);
  }
  if (!allowed.exts.includes(ext)) {
    throw ValidationError.field(
      'file',
      `附件《${name}》的扩展名是“${ext || '无'}”，但文件内容是${KIND_NAMES[detected.ext] ?? detected.ext}：扩展名与内容不符，已拒绝（请确认文件没有被改名伪装）`,
    );
  }
  if (allowed.kind === 'image' && bytes.length > limits.maxImageBytes) {
    throw ValidationError.field('file', `图片《${name}》大小为 ${formatBytes(bytes.length)}，超过图片 ${formatBytes(limits.maxImageBytes)} 的上限`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if ((allowed.kind === 'docx' || allowed.kind === 'xlsx') && !verified) throw ValidationError.field('file', `附件《${name}》无法读取（文件可能已损坏或加密）`);
  const { text, flags } = await extract(allowed.kind, verified ?? bytes, name);
  return { fileName: name, kind: allowed.kind, mime: detected.mime, size: bytes.length, sha256, text: text.slice(0, MAX_TEXT), flags, bytes };
}

async function extract(kind: AttachmentKind, bytes: Buffer, name: string): Promise<{ text: string; flags: AttachmentFlag[] }> {
  try {
    if (kind === 'pdf') return await pdfText(bytes);
    // DOCX and XLSX are zips: file-type named them so, hence `bytes` is the guard's verified archive.
    if (kind === 'docx') return await docxText(bytes);
    if (kind === 'xlsx') return await xlsxText(bytes);
    return { text: '', flags: [] };
  } catch (e) {
    throw ValidationError.field('file', `附件《${name}》无法读取（文件可能已损坏或加密）：${(e as Error).message.slice(0, 120)}`);
  }
}

// --- storage -----------------------------------------------------------------------------------

/** Content-addressed path: filesDir/ab/abcdef… (the same file uploaded twice is stored once). */
export function storedPath(filesDir: string, sha256: string): string {
  return join(filesDir, sha256.slice(0, 2), sha256);
}

export async function storeFile(filesDir: string, sha256: string, bytes: Buffer): Promise<void> {
  const path = storedPath(filesDir, sha256);
  try {
    await access(path);
    return;
  } catch {
    /* not there yet */
  }
  await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

export async function readStoredFile(filesDir: string, sha256: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad hash');
  return readFile(storedPath(filesDir, sha256));
}

// --- text --------------------------------------------------------------------------------------

const XML_ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function xmlText(s: string): string {
  return s.replace(
    /&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g,
    (_m, e: string) => XML_ENT[e] ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

async function officeMetadata(zip: JSZip): Promise<AttachmentFlag[]> {
  const flags: AttachmentFlag[] = [];
  const core = await zip.file('docProps/core.xml')?.async('string');
  const app = await zip.file('docProps/app.xml')?.async('string');
  const fields: Array<[string, RegExp | undefined, string | undefined]> = [
    ['作者', /<dc:creator>([^<]+)<\/dc:creator>/, core],
    ['最后修改者', /<cp:lastModifiedBy>([^<]+)<\/cp:lastModifiedBy>/, core],
    ['单位', /<Company>([^<]+)<\/Company>/, app],
    ['管理者', /<Manager>([^<]+)<\/Manager>/, app],
  ];
  for (const [label, re, src] of fields) {
    const value = (src && re ? re.exec(src) : null)?.[1]?.trim();
    if (value) flags.push({ kind: 'metadata', detail: `${label}：${xmlText(value)}` });
  }
  return flags;
}

/** `bytes`: an archive guardZip verified (checkAttachment is the way in). */
async function docxText(bytes: Buffer): Promise<{ text: string; flags: AttachmentFlag[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const flags = await officeMetadata(zip);
  if (zip.file('word/comments.xml')) {
    const c = (await zip.file('word/comments.xml')!.async('string')).match(/<w:comment\b/g)?.length ?? 0;
    if (c) flags.push({ kind: 'comments', detail: `含 ${c} 条批注` });
  }
  const ins = doc.match(/<w:ins\b/g)?.length ?? 0;
  const del = doc.match(/<w:del\b/g)?.length ?? 0;
  if (ins + del) flags.push({ kind: 'tracked_changes', detail: `含未接受的修订（插入 ${ins} 处、删除 ${del} 处）` });
  const parts = [doc];
  for (const f of Object.keys(zip.files).filter((n) => /^word\/(header|footer|footnotes|endnotes)\d*\.xml$/.test(n)))
    parts.push(await zip.file(f)!.async('string'));
  // Paragraph by paragraph, the text runs (<w:t>); deleted text (<w:delText>) is not text.
  const text = parts
    .flatMap((x) => x.split('</w:p>'))
    .map((para) => [...para.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[1] === undefined ? '\t' : xmlText(m[1]))).join(''))
    .join('\n');
  return { text: text.replace(/\n{3,}/g, '\n\n').trim(), flags };
}

async function xlsxText(bytes: Buffer): Promise<{ text: string; flags: AttachmentFlag[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const wb = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const flags = await officeMetadata(zip);
  for (const m of wb.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const [, attrs = ''] = m;
    const state = /state="(hidden|veryHidden)"/.exec(attrs)?.[1];
    if (state)
      flags.push({
        kind: 'hidden_sheet',
        detail: `隐藏工作表“${xmlText(/name="([^"]*)"/.exec(attrs)?.[1] ?? '')}”${state === 'veryHidden' ? '（深度隐藏）' : ''}`,
      });
  }
  const comments = Object.keys(zip.files).filter((n) => /^xl\/comments\d*\.xml$/.test(n)).length;
  if (comments) flags.push({ kind: 'comments', detail: `${comments} 个工作表含批注` });
  const shared = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
  const strings = [...shared.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    xmlText([...(m[1] ?? '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const lines: string[] = [];
  const sheets = Object.keys(zip.files)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  for (const s of sheets) {
    const xml = await zip.file(s)!.async('string');
    for (const row of xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells: string[] = [];
      for (const c of (row[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const t = /\bt="([^"]+)"/.exec(c[1] ?? '')?.[1];
        const inner = c[2] ?? '';
        if (t === 's') {
          const v = /<v>(\d+)<\/v>/.exec(inner);
          if (v) cells.push(strings[Number(v[1])] ?? '');
        } else if (t === 'inlineStr') {
          cells.push(xmlText([...inner.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((x) => x[1]).join('')));
        } else {
          const v = /<v>([^<]*)<\/v>/.exec(inner);
          if (v) cells.push(xmlText(v[1] ?? ''));
        }
      }
      if (cells.some((x) => x)) lines.push(cells.join('\t'));
    }
  }
  return { text: lines.join('\n'), flags };
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (v: { text: string; author: string }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

function pdfWorker(): Worker {
  if (worker) return worker;
  // execArgv: [] — plain Node, without the TypeScript loader (see pdf-text-worker.mjs).
  const w = new Worker(new URL('./pdf-text-worker.mjs', import.meta.url), { execArgv: [] });
  w.unref();
  w.on('message', (m: { id: number; ok: boolean; text?: string; author?: string; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve({ text: m.text ?? '', author: m.author ?? '' });
    else p.reject(new Error(m.error ?? 'PDF 解析失败'));
  });
  const fail = (e: Error) => {
    worker = undefined;
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(e);
      pending.delete(id);
    }
  };
  w.on('error', fail);
  w.on('exit', () => fail(new Error('PDF 解析进程已退出')));
  worker = w;
  return w;
}

/** Text and author of a PDF, read by pdf.js in a worker thread; a parse over 60 s is abandoned. */
export async function pdfText(bytes: Buffer, timeoutMs = 60_000): Promise<{ text: string; flags: AttachmentFlag[] }> {
  const w = pdfWorker();
  const id = ++nextId;
  const r = await new Promise<{ text: string; author: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('PDF 解析超时'));
      void w.terminate();
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    w.ref();
    w.postMessage({ id, bytes: new Uint8Array(bytes) });
  }).finally(() => {
    if (!pending.size) worker?.unref();
  });
  const flags: AttachmentFlag[] = r.author ? [{ kind: 'metadata', detail: `作者：${r.author}` }] : [];
  return { text: r.text, flags };
}
