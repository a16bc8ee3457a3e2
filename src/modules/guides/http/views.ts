import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { html, type SafeHtml } from '../../../platform/web/html.ts';
import type { Missing } from '../completeness.ts';
import type { FileMeta, Item, Version } from '../repo.ts';

export const CSS = readFileSync(new URL('./guides.css', import.meta.url));
export const CSS_LINK = html`<link rel="stylesheet" href="/guides.css?v=${createHash('sha256').update(CSS).digest('hex').slice(0, 12)}">`;

export function fileHref(id: number): string {
  return `/banshi/files/${id}`;
}

export function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function yuan(fen: number): string {
  return (fen / 100).toFixed(fen % 100 ? 2 : 0);
}

function lines(s: string): SafeHtml {
  const parts = s.split(/\r?\n/).filter((x) => x.trim());
  return html`${parts.map((p, i) => html`${i ? html`<br>` : ''}${p}`)}`;
}

function orDash(s: string): SafeHtml | string {
  return s.trim() ? lines(s) : html`<span class="muted">（未填写）</span>`;
}

export function flags(item: Item, parallelNames: string[]): SafeHtml {
  return html`${item.greenChannel ? html`<span class="badge ok">绿色通道</span>` : ''}${
    item.parallel ? html`<span class="badge info">并联审批</span> <span class="muted">窗口受理、后台办理：${parallelNames.join('、')}</span>` : ''
  }`;
}

/** Every element of a guide (services.md §1), as one table: the portal's page and the back office's view. */
export function guideTable(item: Item, v: Version, files: Map<number, FileMeta>, parallelNames: string[]): SafeHtml {
  const file = (id: number | null, label: string) => {
    if (id === null) return '';
    const f = files.get(id);
    return f ? html`<a href="${fileHref(id)}" download>${label}</a> <span class="muted">${formatSize(f.size)}</span>` : '';
  };
  return html`<div class="table-wrap"><table class="guide-table">
<caption class="visually-hidden">办事指南要素</caption>
<tbody>
<tr><th scope="row">事项名称</th><td>${item.name}</td></tr>
<tr><th scope="row">事项编码</th><td>${item.code}</td></tr>
<tr><th scope="row">事项类型</th><td>${item.itemType || html`<span class="muted">（未填写）</span>`}${item.kind ? `（${item.kind}）` : ''}</td></tr>
<tr><th scope="row">主管部门</th><td>${item.orgName}</td></tr>
<tr><th scope="row">实施主体</th><td>${orDash(v.implementingBody)}</td></tr>
${item.greenChannel || item.parallel ? html`<tr><th scope="row">办理方式</th><td class="guide-flags">${flags(item, parallelNames)}</td></tr>` : ''}
<tr><th scope="row">设定依据</th><td>${orDash(v.legalBasis)}</td></tr>
<tr><th scope="row">受理条件</th><td>${orDash(v.conditions)}</td></tr>
<tr><th scope="row">申请材料</th><td>${
    v.materials.length
      ? html`<ol>${v.materials.map(
          (m) =>
            html`<li>${m.name}${m.copies ? html`（${m.copies}）` : ''}${m.source ? html`<span class="muted">，来源：${m.source}</span>` : ''}${m.note ? html`<br><span class="muted">${m.note}</span>` : ''}${
              m.formFileId || m.sampleFileId ? html`<br>${file(m.formFileId, `下载空白表格`)} ${file(m.sampleFileId, `下载示例样表`)}` : ''
            }</li>`,
        )}</ol>`
      : html`<span class="muted">（未填写）</span>`
  }</td></tr>
<tr><th scope="row">办理流程</th><td>${orDash(v.procedure)}</td></tr>
<tr><th scope="row">法定办结时限</th><td>${v.legalDays} 个工作日</td></tr>
<tr><th scope="row">承诺办结时限</th><td>${v.promisedDays} 个工作日</td></tr>
<tr><th scope="row">特别程序</th><td>${
    v.specialSteps.length ? html`<ul>${v.specialSteps.map((s) => html`<li>${s.name}（${s.counts ? '计入办结时限' : '不计入办结时限'}）</li>`)}</ul>` : '无'
  }</td></tr>
<tr><th scope="row">收费</th><td>${
    v.feeCharged
      ? html`收费，标准：${v.feeFen === null ? html`<span class="muted">（未填写）</span>` : `${yuan(v.feeFen)} 元`}<br>依据：${orDash(v.feeBasis)}`
      : html`不收费${v.feeBasis && v.feeBasis !== '不收费' ? html`（${v.feeBasis}）` : ''}`
  }</td></tr>
<tr><th scope="row">办理地点</th><td>${orDash(v.place)}</td></tr>
<tr><th scope="row">办理时间</th><td>${orDash(v.hours)}</td></tr>
<tr><th scope="row">到现场次数</th><td>${v.visits === 0 ? '0 次（不见面办理）' : `${v.visits} 次`}</td></tr>
<tr><th scope="row">网上办理深度</th><td>${v.onlineDepth || html`<span class="muted">（未填写）</span>`}${v.mustOnline ? '（应在网上办理）' : ''}</td></tr>
<tr><th scope="row">咨询电话</th><td>${orDash(v.consultPhone)}</td></tr>
<tr><th scope="row">投诉电话</th><td>${orDash(v.complaintPhone)}</td></tr>
<tr><th scope="row">办理结果</th><td>${orDash(v.resultDoc)}</td></tr>
<tr><th scope="row">指南版本</th><td>第 ${v.version} 版，自 ${v.effectiveFrom} 起施行</td></tr>
</tbody></table></div>`;
}

export function missingList(missing: readonly Missing[]): SafeHtml {
  return html`<ul>${missing.map((m) => html`<li>${m.label}</li>`)}</ul>`;
}

export function fileIdsOf(versions: readonly Version[]): number[] {
  return [...new Set(versions.flatMap((v) => v.materials.flatMap((m) => [m.formFileId, m.sampleFileId])).filter((x): x is number => x !== null))];
}
