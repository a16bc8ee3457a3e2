import type { Queryable } from '../../storage/db.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { attachmentTexts, type Item } from './repo.ts';
import { scanText, tagsOf, findingKey, maskPersonalData, FINDING_LABELS, MASKABLE, type Finding } from './personal-data.ts';

/**
 * The 保密审查 gate on personal data (issue 9). Information involving personal privacy is not
 * published (2019 条例第十五条; 《个人信息保护法》第二十八条: ID numbers and financial accounts are
 * sensitive personal information), and 先审查后公开 (第十七条): so nothing is published while a
 * finding of the scan is open. A finding is closed by redaction (the text no longer holds it, so
 * a fresh scan no longer finds it; for an attachment, the file is replaced or withdrawn) or by a
 * reasoned dismissal recorded in cat_finding_resolutions. The scan runs again at publication:
 * what is checked is the content as it now stands, not what it was at submission.
 */

export interface ScannedFinding extends Finding {
  key: string;
  /** The attachment it is in, when it is only in attachments (withdraw / replace resolves it). */
  attachmentIds: number[];
  /** 遮盖 is possible: a number in the title, summary, body or 文号. */
  maskable: boolean;
}

export interface FindingState extends ScannedFinding {
  dismissal: { reason: string; actorName: string; at: string } | null;
}

/** Likely personal data in the title, summary, body, 文号 and attachments, and what office files hide. */
export async function scanItem(db: Queryable, item: Pick<Item, 'id' | 'title' | 'summary' | 'bodyText' | 'bodyHtml' | 'docNo'>): Promise<ScannedFinding[]> {
  const found: Array<Finding & { key: string; attachmentId?: number }> = [];
  for (const [text, where] of [
    [item.title, '标题'],
    [item.summary, '内容概述'],
    [item.bodyText, '正文'],
    [tagsOf(item.bodyHtml), '正文'],
    [item.docNo, '文号'],
  ] as const) {
    for (const f of scanText(text, where)) found.push({ ...f, key: f.key! });
  }
  const atts = (await attachmentTexts(db, [item.id])).get(item.id) ?? [];
  for (const a of atts) {
    const where = `附件《${a.fileName}》`;
    for (const f of scanText(a.text, where)) found.push({ ...f, key: f.key!, attachmentId: a.id });
    // A flag belongs to that file: a replaced file is a new finding.
    for (const f of a.flags) found.push({ kind: f.kind, where, detail: f.detail, key: findingKey(f.kind, `${a.sha256}|${f.detail}`), attachmentId: a.id });
  }
  // The same number in the summary and the body (a summary taken from the body) is one finding.
  const merged = new Map<string, ScannedFinding>();
  for (const f of found) {
    let m = merged.get(f.key);
    if (!m) {
      m = { kind: f.kind, where: f.where, detail: f.detail, key: f.key, attachmentIds: [], maskable: false };
      merged.set(f.key, m);
    } else if (!m.where.split('、').includes(f.where)) m.where += `、${f.where}`;
    if (f.attachmentId !== undefined) {
      if (!m.attachmentIds.includes(f.attachmentId)) m.attachmentIds.push(f.attachmentId);
    } else if (MASKABLE.includes(f.kind)) m.maskable = true;
  }
  return [...merged.values()];
}

/** Each finding of the item as it now stands, with its dismissal if one was recorded. */
export async function findingStates(db: Queryable, item: Item): Promise<FindingState[]> {
  const scanned = await scanItem(db, item);
  if (!scanned.length) return [];
  const rows = await db
    .selectFrom('cat_finding_resolutions')
    .select(['finding_key', 'reason', 'actor_name', 'at'])
    .where('item_id', '=', item.id)
    .where('decision', '=', 'dismissed')
    .orderBy('id')
    .execute();
  const dismissed = new Map(rows.map((r) => [r.finding_key, { reason: r.reason, actorName: r.actor_name, at: r.at }]));
  return scanned.map((f) => ({ ...f, dismissal: dismissed.get(f.key) ?? null }));
}

export function describeFinding(f: Pick<Finding, 'kind' | 'where' | 'detail'>): string {
  return `${FINDING_LABELS[f.kind]} ${f.detail}（${f.where}）`;
}

/** Refuse publication (409) while any finding is open, naming each. */
export async function assertNoOpenFindings(db: Queryable, item: Item): Promise<void> {
  const open = (await findingStates(db, item)).filter((f) => !f.dismissal);
  if (!open.length) return;
  const title = maskPersonalData(item.title);
  throw new ConflictError(
    `“${title.length > 40 ? `${title.slice(0, 40)}…` : title}”尚有 ${open.length} 处疑似个人信息或隐藏内容未处理，不能发布（《政府信息公开条例》第十五条）：${open.map(describeFinding).join('；')}。` +
      '请在审查页逐项“遮盖”，或说明“不属于个人信息”的理由；附件中的，请更换或撤下附件。',
  );
}
