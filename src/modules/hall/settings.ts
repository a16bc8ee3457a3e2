import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';

/**
 * How coverage percentages are printed (services.md preamble): raw counts are stored, and a rate
 * is shown truncated by default — the seed prints 21/38 as 55% — or rounded, as a district decides.
 */
export const RATE_MODES = ['truncate', 'round'] as const;
export type RateMode = (typeof RATE_MODES)[number];

export const rateModeSetting = defineSetting<RateMode>({
  key: 'hall.rateMode',
  group: '政务服务',
  label: '覆盖率等百分比的取整方式',
  help: '“truncate”为截尾取整（默认，与年报原文一致：38个村、社区中21个建站，印作55%），“round”为四舍五入。统计库只保存原始数字，取整只影响显示。',
  schema: z.enum(RATE_MODES),
  default: 'truncate',
  local: true,
});

/** The whole percentage of `part` of `whole` as displayed: truncated or rounded; null when `whole` is 0. */
export function percentOf(part: number, whole: number, mode: RateMode): number | null {
  if (!whole) return null;
  // 100·part is an exact integer, so the quotient is exact when it is whole (no 0.9999… floors).
  const q = (100 * part) / whole;
  return mode === 'round' ? Math.round(q) : Math.floor(q);
}

/** "55%" (or "—" when there is nothing to count). */
export function formatPercent(part: number, whole: number, mode: RateMode): string {
  const p = percentOf(part, whole, mode);
  return p === null ? '—' : `${p}%`;
}
