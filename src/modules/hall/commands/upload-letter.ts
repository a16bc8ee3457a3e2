import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { uploadLetterInput } from '../schemas.ts';
import { findWindow } from '../repo.ts';

/** What a 授权书 may be: a PDF or a scan (PNG, JPEG), judged by content, with the matching extension. */
export const LETTER_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};
export const MAX_LETTER_BYTES = 5 * 1024 * 1024;

/**
 * 授权书: the department's letter authorising the window's 首席代表 (services.md §2), uploaded as a
 * PDF or an image. Sniffed by content (a renamed file is refused), size-limited, kept in this
 * module's table; the newest is the one in force. Staff-only: never on a public page.
 */
export const uploadLetter = defineCommand({
  name: 'hall.uploadLetter',
  input: uploadLetterInput,
  async prepare(_ctx, input) {
    if (input.content.byteLength === 0) throw ValidationError.field('file', '授权书文件是空的');
    if (input.content.byteLength > MAX_LETTER_BYTES)
      throw ValidationError.field(
        'file',
        `授权书文件不能超过${MAX_LETTER_BYTES / 1024 / 1024}MB（当前 ${(input.content.byteLength / 1024 / 1024).toFixed(1)}MB）`,
      );
    const ext = (/\.([A-Za-z0-9]+)$/.exec(input.filename)?.[1] ?? '').toLowerCase();
    const detected = await fileTypeFromBuffer(input.content);
    const exts = detected ? LETTER_TYPES[detected.mime] : undefined;
    if (!detected || !exts)
      throw ValidationError.field(
        'file',
        `授权书只接受 PDF 文件或 PNG、JPEG 图片（这个文件的实际内容是${detected ? ` ${detected.ext.toUpperCase()} ` : '无法识别的'}格式）`,
      );
    if (!exts.includes(ext)) throw ValidationError.field('file', `文件扩展名“${ext || '无'}”与内容（${detected.ext.toUpperCase()}）不符，请确认文件没有被改名`);
    return { mime: detected.mime, sha256: createHash('sha256').update(input.content).digest('hex') };
  },
  async handler(ctx, input, prepared) {
    const w = await findWindow(ctx.tx, input.windowId);
    if (!w) throw new NotFoundError('窗口不存在');
    ctx.authorize('hall.manage', { orgPath: w.orgPath });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: C0 controls are the point, no file name may hold them
    const filename = (input.filename.split(/[\\/]/).pop() ?? 'letter').replace(/[:*?"<>|\u0000-\u001f\u007f]/g, '_').slice(-120);
    const row = await ctx.tx
      .insertInto('hall_letters')
      .values({
        window_id: w.id,
        filename,
        mime: prepared.mime,
        size: input.content.byteLength,
        sha256: prepared.sha256,
        content: input.content,
        uploaded_at: ctx.clock.now().toISOString(),
        uploaded_by: ctx.actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      result: { id: Number(row.id) },
      audit: {
        action: 'hall.uploadLetter',
        subjectType: 'hall_window',
        subjectId: w.id,
        orgId: w.centreOrgId,
        summary: { letterId: Number(row.id), filename, mime: prepared.mime, size: input.content.byteLength, sha256: prepared.sha256 },
      },
    };
  },
});
