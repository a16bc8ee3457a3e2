import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { ValidationError } from '../../kernel/errors.ts';
import { DEFAULT_ZIP_LIMITS, guardZip, looksLikeZip, ZipFormatError } from '../../platform/render/zip-guard.ts';

/**
 * Forms and samples of a guide's materials: checked by content (file-type), never by the name the
 * uploader gave; only PDF, Word (DOC/DOCX), Excel (XLS/XLSX) and images; size-limited.
 */
export const MAX_GUIDE_FILE_BYTES = 10 * 1024 * 1024;

const BY_MIME: Record<string, { exts: string[]; mime?: Record<string, string> }> = {
  'application/pdf': { exts: ['.pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { exts: ['.docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { exts: ['.xlsx'] },
  // The old Office formats are OLE compound files: the extension says which.
  'application/x-cfb': { exts: ['.doc', '.xls'], mime: { '.doc': 'application/msword', '.xls': 'application/vnd.ms-excel' } },
  'image/png': { exts: ['.png'] },
  'image/jpeg': { exts: ['.jpg', '.jpeg'] },
  'image/gif': { exts: ['.gif'] },
  'image/webp': { exts: ['.webp'] },
};

export interface CheckedFile {
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping C0 controls and DEL from a file name is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  return (cleaned || 'file').slice(-120);
}

/** Check one upload; `field` names the form field in the error (ValidationError). */
export async function checkGuideFile(field: string, label: string, filename: string, bytes: Uint8Array): Promise<CheckedFile> {
  const name = cleanName(filename);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.length) throw ValidationError.field(field, `${label}《${name}》是空文件`);
  if (buf.length > MAX_GUIDE_FILE_BYTES) throw ValidationError.field(field, `${label}《${name}》超过 10 MB 的上限`);
  if (looksLikeZip(buf)) {
    try {
      await guardZip(buf, name, DEFAULT_ZIP_LIMITS);
    } catch (e) {
      if (e instanceof ValidationError) throw ValidationError.field(field, `${label}《${name}》：${e.issues[0]?.message ?? '压缩内容超过上限'}`);
      if (!(e instanceof ZipFormatError)) throw e;
      throw ValidationError.field(field, `${label}《${name}》无法读取（文件可能已损坏）`);
    }
  }
  const detected = await fileTypeFromBuffer(buf);
  const rule = detected ? BY_MIME[detected.mime] : undefined;
  const ext = extname(name).toLowerCase();
  if (!detected || !rule)
    throw ValidationError.field(
      field,
      `${label}《${name}》的实际内容${detected ? `是 ${detected.ext.toUpperCase()} 文件` : '无法识别'}，只接受 PDF、Word（DOC/DOCX）、Excel（XLS/XLSX）和图片`,
    );
  if (!rule.exts.includes(ext)) throw ValidationError.field(field, `${label}《${name}》的扩展名“${ext || '无'}”与文件内容不符，已拒绝`);
  return { filename: name, mime: rule.mime?.[ext] ?? detected.mime, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}
