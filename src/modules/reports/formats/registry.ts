/**
 * Which format applies to a report year (§6 of the domain notes):
 *   2014–2018 → cn-2014 (statistical table), 2019–2020 → cn-2019 (60号 trial), 2021 on → cn-2021 (30号).
 * A province's variant is one more format in a registry (a data file loaded with `loadFormat`),
 * chosen when the caller names its region; no code changes.
 */
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import { national2014 } from './national-2014.ts';
import { national2019 } from './national-2019.ts';
import { national2021 } from './national-2021.ts';
import type { ReportFormat } from './types.ts';
import { validateFormat } from './validate.ts';

export interface FormatRegistry {
  list(): readonly ReportFormat[];
  get(id: string): ReportFormat | undefined;
  /** The region's own format for the year if it has one, else the national one. Throws NotFoundError. */
  forYear(year: number, region?: string): ReportFormat;
}

export const nationalFormats: readonly ReportFormat[] = [national2014, national2019, national2021];

const covers = (f: ReportFormat, year: number) => year >= f.years.from && (f.years.to === undefined || year <= f.years.to);

/** Validates every format; two formats of one region (or two national ones) may not share a year. */
export function createFormatRegistry(formats: readonly ReportFormat[]): FormatRegistry {
  const issues = formats.flatMap(validateFormat);
  const ids = new Set<string>();
  for (const f of formats) {
    if (ids.has(f.id)) issues.push(`格式编号 ${f.id} 重复`);
    ids.add(f.id);
  }
  for (const [i, a] of formats.entries()) {
    for (const b of formats.slice(i + 1)) {
      if (a.region !== b.region) continue;
      const lo = Math.max(a.years.from, b.years.from);
      const hi = Math.min(a.years.to ?? Infinity, b.years.to ?? Infinity);
      if (lo <= hi) issues.push(`格式 ${a.id} 与 ${b.id} 的适用年度重叠（${lo}年起）`);
    }
  }
  if (issues.length) throw new ValidationError(issues.map((message) => ({ field: 'format', message })));
  const all = [...formats];
  return {
    list: () => all,
    get: (id) => all.find((f) => f.id === id),
    forYear(year, region) {
      const own = region ? all.find((f) => f.region === region && covers(f, year)) : undefined;
      const found = own ?? all.find((f) => f.region === undefined && covers(f, year));
      if (!found) throw new NotFoundError(`没有适用于${year}年度的政府信息公开工作年度报告格式`);
      return found;
    },
  };
}

export const nationalRegistry: FormatRegistry = createFormatRegistry(nationalFormats);

/** The format for a report year (2014–2018 old table; 2019–2020 trial; 2021 on current). */
export function formatForYear(year: number, options: { region?: string; registry?: FormatRegistry } = {}): ReportFormat {
  return (options.registry ?? nationalRegistry).forYear(year, options.region);
}
