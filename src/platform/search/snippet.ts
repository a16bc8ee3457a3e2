import { fold, type Folded } from './normalize.ts';
import type { Segment } from './types.ts';

/**
 * Highlights computed on folded text and placed on the original: the query 行政复议 highlights
 * 行政復議 in a traditional-script document, character for character. Segments, never HTML.
 */

/** The whole text with every occurrence of any run marked (titles). */
export function highlightAll(text: string, runs: readonly string[]): Segment[] {
  const f = fold(text);
  return toSegments(text, f, mergedHits(f.text, runs), 0, f.text.length, false, false);
}

/**
 * A passage of about `width` characters around the best hit among `fields` (summary first, then
 * body, 文号, attachment): the field and window holding the most distinct query runs, starting at
 * a sentence boundary when one is near. With no hit anywhere, the start of the first non-empty field.
 */
export function bestSnippet(fields: readonly string[], runs: readonly string[], width = 120): Segment[] {
  let best: { text: string; f: Folded; hits: [number, number][]; start: number; score: number } | null = null;
  for (const text of fields) {
    if (!text) continue;
    const f = fold(text);
    const hits = mergedHits(f.text, runs);
    const { start, score } = bestWindow(f.text, runs, hits, width);
    if (!best || score > best.score) best = { text, f, hits, start, score };
    if (score === runs.length) break;
  }
  if (!best) return [];
  const { text, f, hits } = best;
  let start = best.start;
  // Back up to the start of the sentence when it is close, so the passage reads naturally.
  const back = Math.max(0, start - 24);
  for (let i = start - 1; i >= back; i--) {
    if ('。；！？\n'.includes(f.text[i]!)) {
      start = i + 1;
      break;
    }
    if (i === 0) start = 0;
  }
  const end = Math.min(f.text.length, start + width);
  return toSegments(text, f, hits, start, end, start > 0, end < f.text.length);
}

// ---------------------------------------------------------------------------------------------

/** [start, end) of every occurrence of every run, merged where they touch or overlap. */
function mergedHits(folded: string, runs: readonly string[]): [number, number][] {
  const raw: [number, number][] = [];
  for (const run of runs) {
    if (!run) continue;
    for (let i = folded.indexOf(run); i >= 0; i = folded.indexOf(run, i + 1)) raw.push([i, i + run.length]);
  }
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const h of raw) {
    const last = out[out.length - 1];
    if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
    else out.push([h[0], h[1]]);
  }
  return out;
}

/** The window start (a little before a hit) covering the most distinct runs; ties go to the earliest. */
function bestWindow(folded: string, runs: readonly string[], hits: [number, number][], width: number): { start: number; score: number } {
  const [first] = hits;
  if (!first) return { start: 0, score: 0 };
  const lead = Math.min(20, Math.floor(width / 4));
  let best = { start: Math.max(0, first[0] - lead), score: -1 };
  for (const [h] of hits) {
    const start = Math.max(0, h - lead);
    const window = folded.slice(start, start + width);
    let score = 0;
    for (const run of runs) if (run && window.includes(run)) score++;
    if (score > best.score) best = { start, score };
    if (score === runs.length) break;
  }
  return best;
}

function toSegments(source: string, f: Folded, hits: [number, number][], from: number, to: number, ellipsisBefore: boolean, ellipsisAfter: boolean): Segment[] {
  // origin has an entry for every folded index up to and including text.length.
  const src = (i: number): number => (f.origin ? f.origin[i]! : i);
  const out: Segment[] = [];
  const push = (text: string, hit: boolean): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.hit === hit) last.text += text;
    else out.push({ text, hit });
  };
  if (ellipsisBefore) push('…', false);
  let at = from;
  for (const [a0, b0] of hits) {
    const a = Math.max(a0, from);
    const b = Math.min(b0, to);
    if (b <= a) continue;
    push(source.slice(src(at), src(a)), false);
    push(source.slice(src(a), src(b)), true);
    at = b;
  }
  push(source.slice(src(at), src(to)), false);
  if (ellipsisAfter) push('…', false);
  return out;
}
