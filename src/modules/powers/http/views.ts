import { html, type SafeHtml } from '../../../platform/web/html.ts';
import { basisLines } from '../basis.ts';
import type { ChangeRow, DispositionRow, PowerRow } from '../repo.ts';
import { BODY_KIND_LABELS, DELEGATE_MODE_LABELS, DISPOSITION_LABELS, TERMINAL } from '../types.ts';

/** Pieces both the portal and the back office show: a power's record and its history. */
export function dispositionText(d: DispositionRow, link: (id: number) => string): SafeHtml {
  const kind = DISPOSITION_LABELS[d.kind];
  if (d.kind === 'merge' && d.mergedIntoId)
    return html`${kind}：并入<a href="${link(d.mergedIntoId)}">${d.mergedIntoName ?? ''}</a>（${d.mergedIntoCode ?? ''}）`;
  if (d.kind === 'delegate') return html`${kind}至${d.delegatedTo.map((o) => o.name).join('、')}${d.mode ? `（${DELEGATE_MODE_LABELS[d.mode]}）` : ''}`;
  return html`${kind}`;
}

/** The power's standing today, from its history. */
export function statusOf(history: DispositionRow[], today: string): { label: string; kind: 'ok' | 'warn' | 'bad' } {
  const past = history.filter((d) => d.onDate <= today);
  const end = past.find((d) => TERMINAL.includes(d.kind));
  if (!past.length) return { label: `将于${history[0]?.onDate ?? ''}列入清单`, kind: 'warn' };
  if (end) return { label: `已于${end.onDate}${DISPOSITION_LABELS[end.kind]}`, kind: 'bad' };
  const del = [...past].reverse().find((d) => d.kind === 'delegate');
  return del ? { label: `在清单中（已下放${del.mode ? `，${DELEGATE_MODE_LABELS[del.mode]}` : ''}）`, kind: 'ok' } : { label: '在清单中', kind: 'ok' };
}

export function powerTable(p: PowerRow, status: { label: string; kind: string }): SafeHtml {
  const lines = basisLines(p.legalBasis);
  return html`<div class="table-wrap"><table class="meta"><tbody>
<tr><th scope="row">权力名称</th><td>${p.name}</td></tr>
<tr><th scope="row">权力编码</th><td class="mono">${p.code}</td></tr>
<tr><th scope="row">职权类别</th><td>${p.category}</td></tr>
<tr><th scope="row">状态</th><td><span class="badge ${status.kind}">${status.label}</span></td></tr>
<tr><th scope="row">实施主体</th><td>${p.body}（${BODY_KIND_LABELS[p.bodyKind]}）</td></tr>
<tr><th scope="row">所属部门</th><td>${p.orgName}</td></tr>
<tr><th scope="row">设定依据</th><td>${lines.length > 1 ? html`<ol>${lines.map((l) => html`<li>${l}</li>`)}</ol>` : (lines[0] ?? '—')}</td></tr>
<tr><th scope="row">收费依据及标准</th><td>${p.feeBasis || '—'}</td></tr>
<tr><th scope="row">办理流程</th><td>${p.procedure || '—'}</td></tr>
<tr><th scope="row">办理时限</th><td>${p.timeLimit || '—'}</td></tr>
<tr><th scope="row">监督电话</th><td>${p.supervisionPhone || '—'}</td></tr>
</tbody></table></div>`;
}

export function historyTable(history: DispositionRow[], link: (id: number) => string, opts: { recorder?: boolean } = {}): SafeHtml {
  return html`<div class="table-wrap"><table><caption>调整情况</caption>
<thead><tr><th scope="col">日期</th><th scope="col">处置情况</th><th scope="col">说明</th>${opts.recorder ? html`<th scope="col">登记人</th>` : ''}</tr></thead>
<tbody>${history.map(
    (d) =>
      html`<tr><td><time datetime="${d.onDate}">${d.onDate}</time></td><td>${dispositionText(d, link)}</td><td>${d.note || '—'}</td>${opts.recorder ? html`<td>${d.recordedBy}</td>` : ''}</tr>`,
  )}</tbody></table></div>`;
}

export function changesTable(rows: ChangeRow[], link: (id: number) => string): SafeHtml {
  return html`<div class="table-wrap"><table><caption class="visually-hidden">调整情况</caption>
<thead><tr><th scope="col">日期</th><th scope="col">权力事项</th><th scope="col">职权类别</th><th scope="col">所属部门</th><th scope="col">处置情况</th></tr></thead>
<tbody>${rows.map(
    (d) =>
      html`<tr><td><time datetime="${d.onDate}">${d.onDate}</time></td><td><a href="${link(d.powerId)}">${d.powerName}</a><br><span class="muted mono">${d.powerCode}</span></td><td>${d.category}</td><td>${d.orgName}</td><td>${dispositionText(d, link)}</td></tr>`,
  )}</tbody></table></div>`;
}
