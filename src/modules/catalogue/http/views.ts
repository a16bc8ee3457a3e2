import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { html, raw, url, type SafeHtml } from '../../../platform/web/html.ts';
import { chineseDate } from '../../../kernel/dates.ts';
import type { Segment } from '../../../platform/search/index.ts';
import { STATE_LABELS } from '../states.ts';
import { CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS, type ItemState } from '../types.ts';
import { formatBytes } from '../attachments.ts';
import type { AttachmentInfo, ChannelInfo, Item, PublicRow } from '../repo.ts';

/** Views shared by the portal and the back office. Every value is escaped by `html`. */

/** The catalogue's stylesheet: read once, linked with its hash in the URL (cached for a year). */
export const CSS = readFileSync(new URL('./catalogue.css', import.meta.url));
export const CSS_LINK = html`<link rel="stylesheet" href="/catalogue.css?v=${createHash('sha256').update(CSS).digest('hex').slice(0, 12)}">`;

export function itemUrl(indexNo: string): string {
  // 索引号 may contain `/` (the national layout): it stays a path separator, the rest is encoded.
  return `/item/${indexNo.split('/').map(encodeURIComponent).join('/')}`;
}

export function fileUrl(a: { id: number; fileName: string }): string {
  return `/files/${a.id}/${encodeURIComponent(a.fileName)}`;
}

/** Highlighted text from search segments: hits in <mark>, everything escaped. */
export function segments(segs: Segment[]): SafeHtml {
  return html`${segs.map((s) => (s.hit ? html`<mark>${s.text}</mark>` : html`${s.text}`))}`;
}

export function stateBadge(state: ItemState): SafeHtml {
  const cls = state === 'published' ? 'ok' : state === 'returned' || state === 'withdrawn' ? 'bad' : state === 'submitted' ? 'warn' : 'info';
  return html`<span class="badge ${cls}">${STATE_LABELS[state]}</span>`;
}

export function validityBadge(v: Item['validity']): SafeHtml {
  return html`<span class="badge ${v === 'valid' ? 'ok' : 'bad'}">${VALIDITY_LABELS[v]}</span>`;
}

/** The list government sites use: title link left, date right. */
export function itemList(rows: PublicRow[], opts: { showOrg?: boolean } = {}): SafeHtml {
  if (!rows.length) return html`<p class="muted">暂无信息。</p>`;
  return html`<ul class="link-list">${rows.map(
    (r) =>
      html`<li><a href="${itemUrl(r.indexNo)}">${r.title}</a>${opts.showOrg ? html` <span class="muted">${r.orgShortName}</span>` : ''}<time datetime="${r.publishedOn}">${r.publishedOn}</time></li>`,
  )}</ul>`;
}

/**
 * The catalogue fields in the two-column-pair table of government information pages
 * (索引号 / 主题分类, 发布机构 / 成文日期, 文号 / 发布日期 …).
 */
/**
 * The item's metadata table. `mark` (the review screen) renders the title, 文号 and summary with
 * the open personal-data findings marked in place.
 */
export function metaTable(item: Item, successor?: { indexNo: string | null; title: string } | null, mark?: (text: string) => SafeHtml): SafeHtml {
  const shown = (text: string) => (mark ? mark(text) : text);
  const pair = (a: string, av: unknown, b: string, bv: unknown) =>
    html`<tr><th scope="row">${a}</th><td>${av as string}</td><th scope="row">${b}</th><td>${bv as string}</td></tr>`;
  return html`<div class="table-wrap"><table class="meta item-meta">
<caption class="visually-hidden">信息属性</caption>
<tbody>
${pair('索引号', item.indexNo ?? '（发布时生成）', '主题分类', item.topic.replace('/', ' › ') || '—')}
${pair('发布机构', item.orgName, '成文日期', item.formedOn ? chineseDate(item.formedOn) : '—')}
${pair('文号', item.docNo ? shown(item.docNo) : '—', '发布日期', item.publishedOn ? chineseDate(item.publishedOn) : '—')}
<tr><th scope="row">名称</th><td colspan="3">${shown(item.title)}</td></tr>
${pair('体裁', item.genre || '—', '组配分类', item.assort || '—')}
${pair('公开方式', DISCLOSURE_LABELS[item.disclosure], '关键词', item.keywords || '—')}
${pair('有效性', html`${VALIDITY_LABELS[item.validity]}${item.validityChangedOn ? html`（${chineseDate(item.validityChangedOn)}${item.validity === 'repealed' ? '废止' : '失效'}）` : ''}`, '施行日期', item.effectiveOn ? chineseDate(item.effectiveOn) : '—')}
${item.isNormative || item.isRule ? html`<tr><th scope="row">文件类别</th><td colspan="3">${[item.isRule ? '规章' : '', item.isNormative ? '行政规范性文件' : ''].filter(Boolean).join('、')}</td></tr>` : ''}
${successor ? html`<tr><th scope="row">替代文件</th><td colspan="3">${successor.indexNo ? html`<a href="${itemUrl(successor.indexNo)}">${successor.title}</a>` : successor.title}</td></tr>` : ''}
<tr><th scope="row">内容概述</th><td colspan="3">${item.summary ? shown(item.summary) : '—'}</td></tr>
</tbody></table></div>`;
}

export function attachmentList(list: AttachmentInfo[], href: (a: AttachmentInfo) => string): SafeHtml {
  if (!list.length) return html``;
  return html`<section aria-labelledby="att-h"><h2 id="att-h">附件</h2><ul>${list.map(
    (a) => html`<li><a href="${href(a)}">${a.fileName}</a> <span class="muted">（${a.kind.toUpperCase()}，${formatBytes(a.size)}）</span></li>`,
  )}</ul></section>`;
}

export function channelList(list: ChannelInfo[]): SafeHtml {
  if (!list.length) return html``;
  return html`<p class="muted">发布渠道：${list.map((c, i) => html`${i ? '；' : ''}${CHANNEL_LABELS[c.channel]}${c.medium ? `（${c.medium}）` : ''} ${c.publishedOn}${c.reference && !c.reference.startsWith('/item/') ? html` ${c.reference}` : ''}`)}</p>`;
}

/** A body already sanitised when it was stored (sanitize.ts). */
export function bodyHtml(item: Item): SafeHtml {
  return raw(item.bodyHtml);
}

export function yesNo(b: boolean): string {
  return b ? '是' : '否';
}

export { url };
