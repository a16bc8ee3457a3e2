import { defineCommand } from '../../../platform/command.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { missingElements, type Missing } from '../completeness.ts';
import { checkGuideFile, type CheckedFile } from '../files.ts';
import { elementsOf, findItem, versionsOf } from '../repo.ts';
import { versionInput } from '../schemas.ts';
import type { Material } from '../types.ts';

/**
 * 发布办事指南新版本: every element of services.md §1, with an effective date. Versions are never
 * edited or deleted — a change is a new version, and a case is judged against the version in force
 * when it was accepted (the guideVersions port). Uploaded forms and samples are checked by content
 * before the transaction and stored in guide_files. A version that lacks elements is saved (a
 * district publishes what it has) and the missing ones are returned, so the page says so at once.
 */
export const newVersion = defineCommand({
  name: 'guides.newVersion',
  input: versionInput,
  async prepare(_ctx, input) {
    const checked: Array<CheckedFile & { material: number; role: 'form' | 'sample'; content: Uint8Array }> = [];
    for (const u of input.uploads) {
      const field = `materials.${u.material}.${u.role}`;
      const c = await checkGuideFile(field, u.role === 'form' ? '空白表格' : '示例样表', u.filename, u.content);
      checked.push({ ...c, material: u.material, role: u.role, content: u.content });
    }
    return checked;
  },
  async handler(ctx, input, uploads) {
    const item = await findItem(ctx.tx, input.itemId);
    if (!item) throw new NotFoundError('事项不存在');
    ctx.authorize('guides.manage', { orgPath: item.orgPath });
    if (item.level === 'main') throw ValidationError.field('itemId', '主项不编写办事指南，请在子项或业务办理项下编写');
    const versions = await versionsOf(ctx.tx, item.id);
    if (versions.some((v) => v.effectiveFrom === input.effectiveFrom))
      throw ValidationError.field('effectiveFrom', `已有一个版本自 ${input.effectiveFrom} 起生效，请换一个生效日期`);
    // Files kept from earlier versions must be files of this guide's earlier versions.
    const known = new Set(versions.flatMap((v) => v.materials.flatMap((m) => [m.formFileId, m.sampleFileId])).filter((x): x is number => x !== null));
    input.materials.forEach((m, i) => {
      for (const [k, label] of [
        ['formFileId', '空白表格'],
        ['sampleFileId', '示例样表'],
      ] as const)
        if (m[k] !== null && !known.has(m[k]!))
          throw ValidationError.field(`materials.${i}.${k === 'formFileId' ? 'form' : 'sample'}`, `${label}不是本指南已有的文件`);
    });
    const now = ctx.clock.now().toISOString();
    const materials: Material[] = input.materials.map((m) => ({ ...m }));
    for (const u of uploads) {
      const row = await ctx.tx
        .insertInto('guide_files')
        .values({ sha256: u.sha256, filename: u.filename, mime: u.mime, size: u.size, content: u.content, created_at: now, created_by: ctx.actor.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      const m = materials[u.material]!;
      if (u.role === 'form') m.formFileId = Number(row.id);
      else m.sampleFileId = Number(row.id);
    }
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const row = await ctx.tx
      .insertInto('guide_versions')
      .values({
        item_id: item.id,
        version,
        effective_from: input.effectiveFrom,
        implementing_body: input.implementingBody,
        legal_basis: input.legalBasis,
        conditions: input.conditions,
        procedure: input.procedure,
        legal_days: input.legalDays,
        promised_days: input.promisedDays,
        fee_charged: input.feeCharged ? 1 : 0,
        fee_fen: input.feeYuan === null ? null : Math.round(input.feeYuan * 100),
        fee_basis: input.feeBasis,
        place: input.place,
        hours: input.hours,
        visits: input.visits,
        online_depth: input.onlineDepth,
        must_online: input.mustOnline ? 1 : 0,
        consult_phone: input.consultPhone,
        complaint_phone: input.complaintPhone,
        special_steps: JSON.stringify(input.specialSteps),
        result_doc: input.resultDoc,
        materials: JSON.stringify(materials),
        note: input.note,
        created_at: now,
        created_by: ctx.actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const missing: Missing[] = missingElements(
      elementsOf(item, {
        ...input,
        id: 0,
        version,
        feeFen: input.feeYuan === null ? null : Math.round(input.feeYuan * 100),
        materials,
        createdAt: now,
        createdBy: ctx.actor.name,
      }),
    );
    return {
      result: { itemId: item.id, versionId: Number(row.id), version, missing },
      audit: {
        action: 'guides.newVersion',
        subjectType: 'service_item',
        subjectId: item.id,
        orgId: item.orgId,
        summary: {
          code: item.code,
          version,
          effectiveFrom: input.effectiveFrom,
          legalDays: input.legalDays,
          promisedDays: input.promisedDays,
          files: uploads.map((u) => ({ name: u.filename, sha256: u.sha256 })),
          missing: missing.map((m) => m.label),
        },
      },
    };
  },
});
