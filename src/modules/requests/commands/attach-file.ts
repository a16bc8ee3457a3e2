import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fileTypeFromBuffer } from 'file-type';
import { defineCommand } from '../../../platform/command.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { idParam, isoDate } from '../schemas.ts';
import { applyChange, loadRequest, refuse } from './common.ts';

/** What may be attached as disclosed information: documents and scans, checked by content. */
const ALLOWED: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/zip': ['docx', 'xlsx', 'zip'],
  'application/x-cfb': ['doc', 'xls'],
};

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * 附件: the disclosed information sent with the letter (2019 条例第四十条: in the form asked for where
 * possible). Accepted until the request is closed; the type is checked by content, not by name.
 */
export const attachFile = defineCommand({
  name: 'requests.attach',
  input: z.object({
    id: idParam,
    filename: z.string().trim().min(1, '请选择文件').max(200, '文件名过长'),
    content: z.instanceof(Uint8Array, { message: '请选择文件' }),
    onDate: isoDate,
  }),
  async prepare(_ctx, input) {
    if (input.content.byteLength === 0) throw ValidationError.field('file', '文件是空的');
    if (input.content.byteLength > MAX_ATTACHMENT_BYTES) throw ValidationError.field('file', '文件不能超过20MB');
    const ext = (/\.([A-Za-z0-9]+)$/.exec(input.filename)?.[1] ?? '').toLowerCase();
    const detected = await fileTypeFromBuffer(input.content);
    let mime: string;
    if (detected) {
      if (!ALLOWED[detected.mime]?.includes(ext)) throw ValidationError.field('file', `不支持的文件类型（${detected.ext}），请上传 PDF、Word、Excel 或图片`);
      mime =
        ext === 'docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : ext === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : detected.mime;
    } else if ((ext === 'txt' || ext === 'csv') && isUtf8(input.content)) {
      mime = ext === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8';
    } else throw ValidationError.field('file', '不支持的文件类型，请上传 PDF、Word、Excel、图片或 UTF-8 文本');
    return { mime, sha256: createHash('sha256').update(input.content).digest('hex') };
  },
  async handler(ctx, input, prepared) {
    const loaded = await loadRequest(ctx, input.id, 'requests.handle');
    const { r } = loaded;
    if (r.state === 'closed' || r.state === 'abandoned' || r.state === 'fee_abandoned') refuse('申请已办结，不能再添加附件');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: C0 controls are the point, no file name may hold them
    const name = input.filename.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
    const row = await ctx.tx
      .insertInto('request_attachments')
      .values({
        request_id: r.id,
        filename: name,
        mime: prepared.mime,
        size: input.content.byteLength,
        sha256: prepared.sha256,
        content: input.content,
        created_at: ctx.clock.now().toISOString(),
        created_by: ctx.actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { audit } = await applyChange(ctx, loaded, {
      event: 'attach',
      onDate: input.onDate,
      detail: { attachmentId: Number(row.id), filename: name, size: input.content.byteLength },
      audit: { attachmentId: Number(row.id), filename: name, size: input.content.byteLength, sha256: prepared.sha256 },
    });
    return { result: { id: r.id, attachmentId: Number(row.id) }, audit };
  },
});

function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
