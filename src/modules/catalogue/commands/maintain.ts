import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { getSetting } from '../../../platform/settings/settings.ts';
import { channelInput, validityInput, itemId } from '../schemas.ts';
import { attachmentLimitsSetting } from '../settings.ts';
import { checkAttachment, storeFile, type CheckedAttachment } from '../attachments.ts';
import { zipLimitsOf } from '../../../platform/render/zip-guard.ts';
import { findItemByIndexNo } from '../repo.ts';
import { syncSearch } from '../search-index.ts';
import { EDITABLE_STATES } from '../states.ts';
import { CHANNEL_LABELS, VALIDITY_LABELS } from '../types.ts';
import { loadItem, writeHistory, detachAttachment, notEditable, auditText, snapshotOf, valuesOf } from './common.ts';

/**
 * 有效性 changes (a document expires, is repealed, or is replaced by a successor). Allowed on
 * published items: it is bookkeeping about the document, not new content, and the catalogue must
 * show it (disclosure.md §7: 有效性 with its dates). A new version is recorded.
 */
export const setValidity = defineCommand({
  name: 'catalogue.validity',
  input: validityInput,
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.maintain', { orgPath: item.orgPath });
    if (input.changedOn && input.changedOn < item.formedOn) throw ValidationError.field('changedOn', '失效/废止日期不能早于成文日期');
    let successorId: number | null = null;
    if (input.successorIndexNo) {
      const succ = await findItemByIndexNo(ctx.tx, input.successorIndexNo);
      if (!succ) throw ValidationError.field('successorIndexNo', `没有索引号为 ${input.successorIndexNo} 的信息`);
      if (succ.id === item.id) throw ValidationError.field('successorIndexNo', '不能以本信息作为替代文件');
      successorId = succ.id;
    }
    const changedOn = input.validity === 'valid' ? null : input.changedOn;
    const version = item.version + 1;
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('cat_items')
      .set({ validity: input.validity, validity_changed_on: changedOn, successor_id: successorId, version, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    const snapshot = { ...snapshotOf({ ...valuesOf(item), validity: input.validity, validity_changed_on: changedOn }), successorId };
    await writeHistory(ctx, item.id, {
      version,
      event: 'validity',
      state: item.state,
      reason: `${VALIDITY_LABELS[input.validity]}${changedOn ? `（${changedOn}）` : ''}`,
      snapshot,
    });
    await syncSearch(ctx.tx, [item.id]);
    return {
      result: { id: item.id, validity: input.validity, successorId },
      audit: {
        action: 'catalogue.validity',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { before: { validity: item.validity, changedOn: item.validityChangedOn }, after: { validity: input.validity, changedOn, successorId } },
      },
    };
  },
});

/** Another channel the item went out on (政府公报, 政务微博…), with its date and reference. */
export const addChannel = defineCommand({
  name: 'catalogue.channel.add',
  input: channelInput,
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.maintain', { orgPath: item.orgPath });
    if (item.state !== 'published') throw new ConflictError('只有已发布的信息才能登记发布渠道');
    if (item.publishedOn && input.publishedOn < item.formedOn) throw ValidationError.field('publishedOn', '渠道发布日期不能早于成文日期');
    const row = await ctx.tx
      .insertInto('cat_item_channels')
      .values({
        item_id: item.id,
        channel: input.channel,
        published_on: input.publishedOn,
        reference: input.reference,
        medium: input.channel === 'other' ? input.medium : '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeHistory(ctx, item.id, {
      version: item.version,
      event: 'channel',
      state: item.state,
      reason: `${CHANNEL_LABELS[input.channel]} ${input.publishedOn}`,
    });
    return {
      result: { id: Number(row.id) },
      audit: {
        action: 'catalogue.channel.add',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { channel: input.channel, publishedOn: input.publishedOn, reference: auditText(input.reference) },
      },
    };
  },
});

export const removeChannel = defineCommand({
  name: 'catalogue.channel.remove',
  input: z.object({ id: itemId, channelId: itemId }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.maintain', { orgPath: item.orgPath });
    const ch = await ctx.tx.selectFrom('cat_item_channels').selectAll().where('id', '=', input.channelId).where('item_id', '=', item.id).executeTakeFirst();
    if (!ch) throw new NotFoundError('渠道记录不存在');
    await ctx.tx.deleteFrom('cat_item_channels').where('id', '=', ch.id).execute();
    await writeHistory(ctx, item.id, {
      version: item.version,
      event: 'channel',
      state: item.state,
      reason: `删除 ${CHANNEL_LABELS[ch.channel]} ${ch.published_on}`,
    });
    return {
      result: { removed: Number(ch.id) },
      audit: {
        action: 'catalogue.channel.remove',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { before: { channel: ch.channel, publishedOn: ch.published_on } },
      },
    };
  },
});

/**
 * Upload an attachment to a draft or returned item. Checking and reading the file (slow: PDF text)
 * happens in `prepare`, before the transaction; the file is stored by content hash, so a rolled-
 * back upload leaves at most an unreferenced copy, never a dangling row.
 */
export const addAttachment = defineCommand({
  name: 'catalogue.attach',
  input: z.object({ id: itemId, fileName: z.string().min(1, '请选择文件').max(255), bytes: z.instanceof(Buffer) }),
  async prepare(ctx, input): Promise<CheckedAttachment> {
    const limits = await getSetting(ctx.db, attachmentLimitsSetting);
    const checked = await checkAttachment(input.fileName, input.bytes, { ...limits, zip: zipLimitsOf(ctx.config) });
    await storeFile(ctx.config.filesDir, checked.sha256, checked.bytes);
    return checked;
  },
  async handler(ctx, input, a) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.edit', { orgPath: item.orgPath });
    if (!EDITABLE_STATES.includes(item.state)) throw notEditable(item);
    const last = await ctx.tx
      .selectFrom('cat_attachments')
      .select((eb) => eb.fn.max('sort_order').as('m'))
      .where('item_id', '=', item.id)
      .executeTakeFirst();
    const row = await ctx.tx
      .insertInto('cat_attachments')
      .values({
        item_id: item.id,
        sort_order: Number(last?.m ?? 0) + 1,
        file_name: a.fileName,
        mime: a.mime,
        kind: a.kind,
        size: a.size,
        sha256: a.sha256,
        text: a.text,
        flags: JSON.stringify(a.flags),
        created_at: ctx.clock.now().toISOString(),
        created_by_name: ctx.actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeHistory(ctx, item.id, { version: item.version, event: 'attach', state: item.state, reason: a.fileName });
    return {
      result: { id: Number(row.id), kind: a.kind, flags: a.flags, textLength: a.text.length },
      audit: {
        action: 'catalogue.attach',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { file: a.fileName, kind: a.kind, size: a.size, sha256: a.sha256, flags: a.flags.length },
      },
    };
  },
});

export const removeAttachment = defineCommand({
  name: 'catalogue.detach',
  input: z.object({ id: itemId, attachmentId: itemId }),
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.edit', { orgPath: item.orgPath });
    if (!EDITABLE_STATES.includes(item.state)) throw notEditable(item);
    const a = await detachAttachment(ctx, item.id, input.attachmentId);
    await writeHistory(ctx, item.id, { version: item.version, event: 'detach', state: item.state, reason: a.file_name });
    return {
      result: { removed: Number(a.id) },
      audit: {
        action: 'catalogue.detach',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: { file: a.file_name, sha256: a.sha256 },
      },
    };
  },
});
