/**
 * What the report pages share: finding the org and year from the URL, generating the report, and
 * choosing what to show — the filed snapshot once a report is submitted (what the office reviews
 * and the public reads), the live computation before.
 */
import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../kernel/errors.ts';
import { findOrgById, listOrgs, type Org } from '../../orgs/index.ts';
import { generateReport, parseSnapshot, type GeneratedReport } from '../engine/generate.ts';
import { reportCache as cache } from './report-cache.ts';
import { reportCharts, type ReportChart } from '../export/charts.ts';
import { formatForYear } from '../formats/registry.ts';
import type { ReportFormat } from '../formats/types.ts';
import type { Report } from '../report-model.ts';
import { reportTitle } from '../export/html.ts';

export interface ReportView {
  org: Org;
  year: number;
  generated: GeneratedReport;
  /** What the page prints: the filed snapshot, or the live report. */
  shown: Report;
  filed: boolean;
  format: ReportFormat;
  title: string;
}

export function params(req: FastifyRequest): { orgId: number; year: number } {
  const p = req.params as { orgId?: string; year?: string };
  const orgId = Number(p.orgId);
  const year = Number(p.year);
  if (!Number.isInteger(orgId) || orgId <= 0 || !Number.isInteger(year) || year < 2008 || year > 2100) throw new NotFoundError('没有这份年度报告');
  return { orgId, year };
}

export async function loadOrg(req: FastifyRequest, orgId: number): Promise<Org> {
  const org = await findOrgById(req.ctx.db, orgId);
  if (!org) throw new NotFoundError('机构不存在');
  return org;
}

/** The title names the district by its short name (洪江区), a body by its full name. */
export function titleFor(org: Org, year: number): string {
  return reportTitle(org.parentId === null ? org.shortName || org.name : org.name, year);
}

export function formatOf(req: FastifyRequest, year: number): ReportFormat {
  try {
    return formatForYear(year, { registry: req.ctx.ports.reportFormats });
  } catch {
    throw new NotFoundError(`${year}年度没有适用的年度报告格式`);
  }
}

/**
 * Generated reports and their charts, kept for the pages of one report (the report, its figures'
 * records, four charts, the downloads) so a visit computes the report once. Dropped after every
 * committed command (as the page cache is) and after 30 seconds (writes by another process).
 */

function cached<T>(req: FastifyRequest, key: string, make: () => Promise<T>): Promise<T> {
  const now = req.ctx.clock.now().getTime();
  let m = cache.get(req.ctx.db);
  if (!m) {
    m = new Map<string, { at: number; value: Promise<unknown> }>();
    cache.set(req.ctx.db, m);
  }
  const hit = m.get(key);
  if (hit && now - hit.at < 30_000) return hit.value as Promise<T>;
  const value = make();
  m.set(key, { at: now, value });
  value.catch(() => m!.delete(key));
  return value;
}

export function generateCached(req: FastifyRequest, orgId: number, year: number): Promise<GeneratedReport> {
  return cached(req, `report:${orgId}:${year}`, async () =>
    generateReport(req.ctx, orgId, year, { orgs: await listOrgs(req.ctx.db, { includeInactive: true }) }),
  );
}

export function chartsCached(req: FastifyRequest, orgId: number, year: number): Promise<ReportChart[]> {
  return cached(req, `charts:${orgId}:${year}`, async () => reportCharts(req.ctx, await generateCached(req, orgId, year), req.view.today));
}

/** The report as the page shows it. Checks the actor may see the org before computing anything. */
export async function loadReportView(req: FastifyRequest, orgId: number, year: number, action = 'reports.view'): Promise<ReportView> {
  const org = await loadOrg(req, orgId);
  if (!req.view.can(action, org)) throw new NotFoundError('没有这份年度报告');
  const format = formatOf(req, year);
  const generated = await generateCached(req, org.id, year);
  const s = generated.stored;
  const filed = !!s?.snapshot && (s.status === 'submitted' || s.status === 'accepted' || s.source === 'import');
  const shown = filed ? parseSnapshot(s!.snapshot!) : generated.report;
  return { org, year, generated, shown, filed, format, title: titleFor(org, year) };
}
