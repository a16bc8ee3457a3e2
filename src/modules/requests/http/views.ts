import { html, raw, type SafeHtml, type HtmlValue } from '../../../platform/web/html.ts';
import { actorLabel } from '../../../platform/context.ts';
import type { FormErrors } from '../../../platform/web/components.ts';
import { fieldId } from '../../../platform/web/components.ts';
import type { DocModel } from '../../../platform/render/index.ts';
import { chineseDate, type IsoDate } from '../../../kernel/dates.ts';
import { CHANNEL_LABELS, maskIdNumber, maskPhone, maskEmail, APPLICANT_TYPE_LABELS, ID_TYPE_LABELS } from '../applicants.ts';
import type { EventRow, RequestRow } from '../repo.ts';
import { STATE_LABELS, stateTone, type RequestState } from '../states.ts';
import { outcome as outcomeOf, isOutcomeKey } from '../outcomes.ts';
import { cnDate } from '../letters.ts';
import { formatFen } from '../fees.ts';

/** View pieces shared by the portal and back-office pages of the requests module. */

export function stateBadge(s: RequestState): SafeHtml {
  return html`<span class="badge ${stateTone(s)}">${STATE_LABELS[s]}</span>`;
}

export function outcomeLabel(r: Pick<RequestRow, 'regime' | 'outcome'>): string {
  return r.outcome && isOutcomeKey(r.regime, r.outcome) ? outcomeOf(r.regime, r.outcome).label : '';
}

/** Personal fields, unmasked only for a handler of the request's org (issue 4 §10). */
export function personal(r: RequestRow, unmasked: boolean) {
  return {
    idNumber: unmasked ? r.id_number : maskIdNumber(r.id_number),
    phone: unmasked ? r.phone : maskPhone(r.phone),
    email: unmasked ? r.email : maskEmail(r.email),
    address: unmasked ? r.address : r.address ? `${r.address.slice(0, 6)}……` : '',
  };
}

export function applicantRows(r: RequestRow, unmasked: boolean): SafeHtml {
  const p = personal(r, unmasked);
  return html`<tr><th scope="row">申请人</th><td>${r.applicant_name}（${APPLICANT_TYPE_LABELS[r.applicant_type]}）${r.contact_person ? html`，联系人：${r.contact_person}` : ''}</td></tr>
<tr><th scope="row">${ID_TYPE_LABELS[r.id_type]}</th><td class="mono">${p.idNumber}${unmasked ? '' : html` <span class="muted">（已遮蔽）</span>`}</td></tr>
<tr><th scope="row">联系电话</th><td class="mono">${p.phone || '—'}</td></tr>
<tr><th scope="row">电子邮箱</th><td>${p.email || '—'}</td></tr>
<tr><th scope="row">通信地址</th><td>${p.address || '—'}${r.postcode && unmasked ? `（${r.postcode}）` : ''}</td></tr>`;
}

/** Timeline lines in words, from the event rows. */
export function eventText(e: EventRow): string {
  const d = JSON.parse(e.detail) as Record<string, unknown>;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.kind) {
    case 'submitted':
      return '在线提交申请';
    case 'recorded':
      return `工作人员登记申请（${CHANNEL_LABELS[s('channel') as keyof typeof CHANNEL_LABELS] ?? ''}）`;
    case 'confirm_receipt':
      return `确认收到申请：${s('basis')}`;
    case 'request_correction':
      return `一次性告知补正：${s('items')}（补正期限至 ${s('endsOn')}）`;
    case 'receive_correction':
      return d.by === 'applicant' ? '申请人在线提交补正后的申请' : '收到补正后的申请';
    case 'correction_lapsed':
      return '补正期限届满未补正，视为放弃申请';
    case 'start_consultation':
      return d.kind === 'other_agency' ? '书面征求其他行政机关意见（所需时间不计入答复期限）' : '书面征求第三方意见（所需时间不计入答复期限）';
    case 'consultation_reply':
      return '收到一方征求意见答复';
    case 'resume':
      return '征求意见结束，恢复计算答复期限';
    case 'extend':
      return `经负责人同意延长答复期限${String(d.days ?? '')}个工作日：${s('reason')}`;
    case 'reasonable_deadline':
      return `确定延迟答复的合理期限至 ${s('deadline')}（条例第三十五条）`;
    case 'notify_fee':
      return `发出收费通知：${formatFen(Number(d.amountFen ?? 0))}${d.dueOn ? `，缴费期限至 ${s('dueOn')}` : ''}`;
    case 'record_payment':
      return `已缴费 ${formatFen(Number(d.amountFen ?? 0))}`;
    case 'fee_lapsed':
      return '缴费期限届满未缴费，视为放弃申请';
    case 'transfer':
      return `转送${s('toOrg')}办理：${s('reason')}`;
    case 'decide':
      return `作出答复（${s('number')}）`;
    case 'close':
      return '告知书已送达，办结';
    case 'attach':
      return `添加附件：${s('filename')}`;
    default:
      return e.kind;
  }
}

/** `redact` masks the event texts for a tracking reader (letters.ts `redactor`). */
export function timeline(events: readonly EventRow[], opts: { staff: boolean; redact?: (text: string) => string }): SafeHtml {
  const redact = opts.redact ?? ((t: string) => t);
  return html`<ol class="link-list">${events.map(
    (e) =>
      html`<li><span>${redact(eventText(e))}${opts.staff ? html` <span class="muted">${actorLabel(e.actor_name)}</span>` : ''}</span><time datetime="${e.on_date}">${e.on_date}</time></li>`,
  )}</ol>`;
}

/** The letter as HTML (escaped): title, number, paragraphs with the cited articles in bold, signature. */
export function letterHtml(model: DocModel): SafeHtml {
  const sig = model.blocks.find((b) => b.kind === 'signature');
  return html`<article class="panel" aria-labelledby="letter-title">
<h2 id="letter-title">${model.title.split('\n').map((l, i) => html`${i ? html`<br>` : ''}${l}`)}</h2>
${model.numberLine ? html`<p><strong>${model.numberLine}</strong></p>` : ''}
${model.blocks.map((b) => (b.kind === 'paragraph' ? html`<p>${b.runs.map((run) => (run.bold ? html`<strong>${run.text}</strong>` : run.text))}</p>` : ''))}
${sig && sig.kind === 'signature' ? html`<p>${sig.body}<br>${cnDate(sig.date)}</p>` : ''}
</article>`;
}

/** Radio buttons in a fieldset (the shared components have selects only). */
export function radios(o: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string; hint?: string }>;
  value?: string;
  errors?: FormErrors;
  required?: boolean;
}): SafeHtml {
  const id = `f-${fieldId(o.name)}`;
  const err = o.errors?.[o.name];
  return html`<fieldset class="field${err ? ' invalid' : ''}" id="${id}"${err ? raw(` aria-describedby="${id}-error"`) : ''}>
<legend>${o.legend}${o.required ? html` <span aria-hidden="true">*</span>` : ''}</legend>
${err ? html`<span class="error-text" id="${id}-error"><span class="visually-hidden">错误：</span>${err}</span>` : ''}
${o.options.map(
  (op, i) =>
    html`<label for="${id}-${i}"><input type="radio" id="${id}-${i}" name="${o.name}" value="${op.value}"${op.value === o.value ? raw(' checked') : ''}${o.required ? raw(' required') : ''}> ${op.label}${op.hint ? html` <span class="hint">${op.hint}</span>` : ''}</label>`,
)}
</fieldset>`;
}

export function dateCn(d: IsoDate | null | undefined): string {
  return d ? chineseDate(d) : '—';
}

export function dl(rows: Array<[string, HtmlValue]>): SafeHtml {
  return html`<table class="meta"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}
