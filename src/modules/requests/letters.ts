import type { IsoDate } from '../../kernel/dates.ts';
import { bold, paragraph, renderDocx, renderPdf, type Block, type DocModel, type TextRun } from '../../platform/render/index.ts';
import type { Queryable } from '../../storage/db.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { findOrgById, type Org } from '../orgs/index.ts';
import { attachmentsOf, consultationsOf, eventsOf, feesOf } from './repo.ts';
import { courtSetting, reconsiderationBodySetting } from './settings.ts';
import { CHANNEL_LABELS, maskIdNumber, maskPhone, type Channel } from './applicants.ts';
import { outcome as outcomeOf } from './outcomes.ts';
import { formatFen } from './fees.ts';
import type { AttachmentInfo, ConsultationRow, EventRow, FeeRow, RequestRow } from './repo.ts';

/**
 * The decision letter (告知书) of a decided request, as a document model rendered to HTML (the
 * tracking page and the back office), PDF (Noto CJK embedded, via platform/render) and DOCX. It
 * carries what disclosure.md §4 lists: title, number, applicant, what was asked, the facts, the
 * legal basis with article, paragraph and item, the decision, the applicant's rights to
 * reconsideration and litigation with their time limits, the deciding body and the date; the
 * disclosed information is listed as attachments.
 */
export interface LetterContext {
  r: RequestRow;
  org: Org;
  /** The district's top org (the reconsideration body for its departments and townships). */
  root: Org;
  events: readonly EventRow[];
  consultations: readonly ConsultationRow[];
  fees: readonly FeeRow[];
  attachments: readonly AttachmentInfo[];
  /** Settings: the reconsideration body when the top org itself answered, and the court. */
  reconsiderationBodyForRoot: string;
  court: string;
}

const SHORT_CHANNEL: Record<Channel, string> = {
  online: '网络',
  email: '电子邮件',
  in_person: '当面提交',
  oral: '口头',
  letter_registered: '信函',
  letter_ordinary: '信函',
  fax: '传真',
};

/** The letter's title by what kind of answer it is. */
export function letterTitle(r: Pick<RequestRow, 'regime' | 'outcome'>): string {
  const o = r.outcome ?? '';
  if (o.startsWith('decline_')) return '政府信息公开申请不予处理告知书';
  if (o === 'other_no_correction' || o === 'other_fee_unpaid') return '政府信息公开申请终止处理告知书';
  if (r.regime === '2008' && o === 'correction') return '政府信息公开申请补正告知书';
  return '政府信息公开申请答复告知书';
}

export function cnDate(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** What was asked, as the applicant put it (name, 文号, description). */
export function askedFor(r: Pick<RequestRow, 'info_name' | 'info_doc_number' | 'info_description'>): string {
  const parts: string[] = [];
  if (r.info_name) parts.push(`“${r.info_name}”`);
  if (r.info_doc_number) parts.push(`（文号：${r.info_doc_number}）`);
  let s = parts.length ? `申请获取${parts.join('')}的政府信息` : '申请获取政府信息';
  if (r.info_description) s += `，内容描述为：“${r.info_description}”`;
  return s;
}

/** Rights and time limits, by the laws in force on the letter's date. */
export function rightsText(decidedOn: IsoDate, reconsiderationBody: string, court: string): string {
  // 行政复议法（2023年修订，2024-01-01施行）第二十条第一款；此前（2017年修正）第九条第一款：六十日。
  const recon = decidedOn >= '2024-01-01' ? '《中华人民共和国行政复议法》第二十条第一款' : '《中华人民共和国行政复议法》第九条第一款';
  // 行政诉讼法（2014年修正，2015-05-01施行）第四十六条第一款：六个月；此前第三十九条：三个月。
  const [months, lit] =
    decidedOn >= '2015-05-01' ? ['六个月', '《中华人民共和国行政诉讼法》第四十六条第一款'] : ['三个月', '《中华人民共和国行政诉讼法》第三十九条'];
  return `如对本答复不服，可以自收到本告知书之日起六十日内向${reconsiderationBody}申请行政复议（${recon}），或者自收到本告知书之日起${months}内向${court}提起行政诉讼（${lit}）。`;
}

export function reconsiderationBodyOf(org: Pick<Org, 'parentId'>, root: Pick<Org, 'name'>, forRoot: string): string {
  // 行政复议法第二十四条：县级以上地方人民政府管辖对本级人民政府工作部门、下一级人民政府的复议；
  // the district government's own acts go to the government one level up (a setting).
  return org.parentId === null ? forRoot : root.name;
}

/** Bold the statute citations inside a decision text, so the legal ground stands out on paper. */
function withCitations(text: string): TextRun[] {
  const out: TextRun[] = [];
  const re = /《[^》]+》(?:（[^）]*）)?(?:第[一二三四五六七八九十]+条(?:第[一二三四五六七八九十]+款)?(?:第（[一二三四五六七八九十]+）项)?[、和]?)+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index) });
    out.push(bold(m[0]));
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The facts of the procedure that the letter recites (correction, consultation, extension, fee, transfer). */
export function factLines(c: Pick<LetterContext, 'r' | 'events' | 'consultations' | 'fees'>): string[] {
  const { r } = c;
  const lines: string[] = [];
  for (const e of c.events.filter((x) => x.kind === 'transfer')) {
    const d = JSON.parse(e.detail) as { fromOrg?: string };
    if (d.fromOrg) lines.push(`${cnDate(e.on_date)}，${d.fromOrg}将您的申请转送本机关办理。`);
  }
  if (r.correction_notice_on) {
    lines.push(
      r.corrected_on
        ? `本机关于${cnDate(r.correction_notice_on)}一次性告知您作出补正，您于${cnDate(r.corrected_on)}提交了补正后的申请，答复期限自收到补正申请之日起计算。`
        : `本机关于${cnDate(r.correction_notice_on)}一次性告知您作出补正，补正期限至${r.correction_ends_on ? cnDate(r.correction_ends_on) : '—'}。`,
    );
  }
  for (const k of ['third_party', 'other_agency'] as const) {
    const list = c.consultations.filter((x) => x.kind === k);
    if (!list.length) continue;
    const who = k === 'third_party' ? '第三方' : '有关行政机关';
    const sent = list.map((x) => cnDate(x.sent_on)).join('、');
    lines.push(
      `因您申请公开的信息涉及${who === '第三方' ? '第三方合法权益' : '其他行政机关'}，本机关于${sent}书面征求了${who}的意见，征求意见所需时间不计算在答复期限内。`,
    );
  }
  if (r.extension_days && r.extension_notice_on)
    lines.push(`经本机关政府信息公开工作机构负责人同意，答复期限延长${r.extension_days}个工作日，本机关已于${cnDate(r.extension_notice_on)}告知您。`);
  for (const f of c.fees.filter((x) => x.paid_on))
    lines.push(`您已于${cnDate(f.paid_on!)}缴纳${f.regime === '2019' ? '信息处理费' : '费用'}${formatFen(f.paid_fen ?? f.amount_fen)}。`);
  return lines;
}

/**
 * Who reads a letter, and so what it may show. One rule for every rendering of a letter — the
 * tracking page's HTML, the PDF and the DOCX all come from `letterModel(c, reader)`:
 * - `staff`: the back office, the letter as sent to the applicant — unmasked.
 * - `tracking-name`: a visitor who typed the applicant's name (or the contact person's) with the
 *   query code. The name is what they proved, so the letter greets the applicant by it.
 * - `tracking-phone`: a visitor who typed only the phone. Knowing a phone is not knowing whose it
 *   is (a shared or reassigned number), so the letter names no one: the salutation reads
 *   “申请人：” and the applicant's or contact person's name anywhere in the text reads “申请人”.
 * On either tracking variant the phone and the ID number are never shown in full, wherever the
 * applicant's or the handler's own words carry them (138****5678, as the back office masks them
 * for staff who do not handle the request). 条例第十五条: personal information is not disclosed to
 * whoever asks; the tracking page is public and proves only what was typed.
 */
export type LetterReader = 'staff' | 'tracking-name' | 'tracking-phone';

/** The masked salutation of a letter read by a visitor who proved only the phone. */
export const MASKED_APPLICANT = '申请人';

/** The reader a tracking look-up makes: by name, or by phone only. */
export function trackingReader(byName: boolean): LetterReader {
  return byName ? 'tracking-name' : 'tracking-phone';
}

/**
 * The masking of free text (what was asked, the correction, the decision, the timeline) for a
 * reader; the identity for staff. A name shorter than two characters is left in the text (only
 * the salutation drops it): replacing one character everywhere would garble the letter.
 */
export function redactor(r: Pick<RequestRow, 'applicant_name' | 'contact_person' | 'phone' | 'id_number'>, reader: LetterReader): (text: string) => string {
  if (reader === 'staff') return (t) => t;
  const swaps: Array<[string, string]> = [];
  for (const n of reader === 'tracking-phone' ? [r.applicant_name, r.contact_person] : []) {
    const t = n?.trim();
    if (t && t.length >= 2) swaps.push([t, MASKED_APPLICANT]);
  }
  if (r.phone?.trim()) swaps.push([r.phone.trim(), maskPhone(r.phone)]);
  if (r.id_number?.trim()) swaps.push([r.id_number.trim(), maskIdNumber(r.id_number)]);
  // Longest first, so a name containing another (a company and its contact) goes whole.
  swaps.sort((a, b) => b[0].length - a[0].length);
  return (text) => swaps.reduce((t, [from, to]) => t.split(from).join(to), text);
}

export function letterModel(c: LetterContext, reader: LetterReader = 'staff'): DocModel {
  const { r, org } = c;
  if (!r.outcome || !r.decided_on) throw new Error('the request has no decision yet');
  const o = outcomeOf(r.regime, r.outcome);
  const received = r.received_on ?? r.arrived_on;
  const blocks: Block[] = [
    paragraph(`${reader === 'tracking-phone' ? MASKED_APPLICANT : r.applicant_name}：`, { indent: false, align: 'left' }),
    paragraph(
      `本机关于${cnDate(received)}收到您通过${SHORT_CHANNEL[r.channel] ?? CHANNEL_LABELS[r.channel]}方式提出的政府信息公开申请，${askedFor(r)}` +
        (r.corrected_on && r.correction_text ? `；补正后的申请内容为：“${r.correction_text}”` : '') +
        '。',
    ),
    ...factLines(c).map((l) => paragraph(l)),
    paragraph(withCitations(r.decision_text)),
    paragraph(rightsText(r.decided_on, reconsiderationBodyOf(org, c.root, c.reconsiderationBodyForRoot), c.court)),
    paragraph('特此告知。'),
  ];
  if (c.attachments.length) {
    blocks.push(
      paragraph(`附件：${c.attachments.map((a, i) => `${c.attachments.length > 1 ? `${i + 1}. ` : ''}${a.filename}`).join('　')}`, { align: 'left' }),
    );
  }
  blocks.push({ kind: 'signature', body: org.name, date: r.decided_on });
  const redact = redactor(r, reader);
  return {
    title: `${org.name}\n${letterTitle(r)}`,
    numberLine: r.decision_number,
    blocks: blocks.map((b) => (b.kind === 'paragraph' ? { ...b, runs: b.runs.map((run) => ({ ...run, text: redact(run.text) })) } : b)),
    meta: { author: org.name, subject: `${letterTitle(r)}（${o.label}）`, keywords: ['政府信息公开', o.label] },
  };
}

export function renderLetterPdf(c: LetterContext, reader: LetterReader = 'staff'): Promise<Buffer> {
  return cached(c, 'pdf', reader, () => renderPdf(letterModel(c, reader)));
}

export function renderLetterDocx(c: LetterContext, reader: LetterReader = 'staff'): Promise<Buffer> {
  return cached(c, 'docx', reader, () => renderDocx(letterModel(c, reader)));
}

/**
 * A decided letter changes only with its request (an attachment, a correction of the record): the
 * rendered bytes are kept per request version, so a second download does not spend another half
 * second of CPU on font subsetting (docs/adr/0002-document-rendering.md). Small and in-process.
 * The reader is part of the key: a masked and an unmasked letter of the same version are two
 * documents, and one must never be served for the other.
 */
const letterCache = new Map<string, Promise<Buffer>>();
const LETTER_CACHE_SIZE = 64;

function cached(c: LetterContext, ext: 'pdf' | 'docx', reader: LetterReader, render: () => Promise<Buffer>): Promise<Buffer> {
  const key = [
    ext,
    reader,
    c.r.id,
    c.r.updated_at,
    c.r.decision_number,
    c.org.id,
    c.org.name,
    c.attachments.map((a) => a.id).join(','),
    c.reconsiderationBodyForRoot,
    c.court,
  ].join('|');
  const hit = letterCache.get(key);
  if (hit) {
    letterCache.delete(key);
    letterCache.set(key, hit);
    return hit;
  }
  const p = render();
  letterCache.set(key, p);
  p.catch(() => letterCache.delete(key));
  while (letterCache.size > LETTER_CACHE_SIZE) letterCache.delete(letterCache.keys().next().value!);
  return p;
}

/** Everything a letter needs, read from the records and settings. */
export async function letterContext(db: Queryable, r: RequestRow): Promise<LetterContext> {
  const [org, events, consultations, fees, attachments, forRoot, court] = await Promise.all([
    findOrgById(db, r.org_id),
    eventsOf(db, r.id),
    consultationsOf(db, r.id),
    feesOf(db, r.id),
    attachmentsOf(db, r.id),
    getSetting(db, reconsiderationBodySetting),
    getSetting(db, courtSetting),
  ]);
  if (!org) throw new Error(`org ${r.org_id} missing`);
  const rootId = Number(org.path.split('/').filter(Boolean)[0]);
  const root = (await findOrgById(db, rootId)) ?? org;
  return { r, org, root, events, consultations, fees, attachments, reconsiderationBodyForRoot: forRoot, court };
}
