/**
 * Importing the report of an agency that is not on the platform (or an earlier year of one that
 * is), from a file in one of the documented layouts. The file is read and checked (§6.4) before
 * anything is written: any parse problem or check error refuses the whole file, listing every
 * problem (where, expected vs found); nothing is stored. Warnings are kept with the report.
 * An imported report rolls up into its parent's report like a platform org's.
 */
import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { ConflictError, ValidationError } from '../../../kernel/errors.ts';
import { findOrg, findOrgById, listOrgs, type Org } from '../../orgs/index.ts';
import { checkReport } from '../checks.ts';
import { formatForYear } from '../formats/registry.ts';
import { reportToJson } from '../io/json.ts';
import { describeCheck, describeProblem, readReportFile } from '../io/read-file.ts';
import type { Report } from '../report-model.ts';
import { reportsOfYear } from '../repo.ts';
import { zipLimitsOf } from '../../../platform/render/zip-guard.ts';

export const importReportInput = z.object({
  fileName: z.string().min(1).max(200),
  /** The file's bytes, base64 (an upload or a file read by the CLI). */
  contentBase64: z.string().min(1, '文件为空'),
  /** Where an agency not on the platform rolls up; default the root of the tree. */
  parentOrgId: z.coerce.number().int().positive().nullable().default(null),
});

export interface ImportOutcome {
  id: number;
  org: { code: string; name: string };
  year: number;
  /** The platform org the report belongs to, or null for an external agency. */
  orgId: number | null;
  parentOrgId: number | null;
  warnings: string[];
}

type Prepared = { ok: true; report: Report; warnings: string[] } | { ok: false; problems: string[] };

export const importReport = defineCommand<z.infer<typeof importReportInput>, ImportOutcome, Prepared>({
  name: 'reports.import',
  input: importReportInput,
  async prepare(ctx, input) {
    const bytes = Buffer.from(input.contentBase64, 'base64');
    const registry = ctx.ports.reportFormats;
    // An XLSX passes the zip guard first: a zip bomb is one problem, refused like the others.
    const parsed = await readReportFile(input.fileName, bytes, { registry, zip: zipLimitsOf(ctx.config) });
    if (!parsed.ok) return { ok: false, problems: parsed.problems.map(describeProblem) };
    const report = parsed.report;
    const { results } = checkReport(report, { registry });
    let expected: string | undefined;
    try {
      expected = formatForYear(report.year, { registry }).id;
    } catch (e) {
      return { ok: false, problems: [(e as Error).message] };
    }
    const problems = results.filter((r) => r.severity === 'error').map(describeCheck);
    if (report.format !== expected && !results.some((r) => r.rule === 'format.year')) {
      problems.push(`${report.year}年度报告应使用格式「${expected}」，文件为「${report.format}」`);
    }
    if (problems.length) return { ok: false, problems };
    const warnings = results.filter((r) => r.severity === 'warning');
    return { ok: true, report: { ...report, checks: warnings }, warnings: warnings.map(describeCheck) };
  },
  async handler(ctx, input, prepared) {
    const orgs = await listOrgs(ctx.tx, { includeInactive: true });
    const root = orgs.find((o) => o.parentId === null);
    const parent = input.parentOrgId ? await findOrgById(ctx.tx, input.parentOrgId) : root;
    if (!parent) throw ValidationError.field('parentOrgId', '上级机构不存在');
    ctx.authorize('reports.import', parent);
    if (!prepared.ok) {
      // Every problem, nothing stored.
      throw new ValidationError(prepared.problems.map((message) => ({ field: input.fileName, message })));
    }
    const report = prepared.report;
    const own = await matchOrg(ctx.tx, orgs, report.org);
    if (own) ctx.authorize('reports.import', own);
    const existing = (await reportsOfYear(ctx.tx, report.year, own ? [own.id] : [parent.id])).find((s) =>
      own ? s.orgId === own.id : s.orgId === null && s.orgName === report.org.name,
    );
    if (existing && existing.source !== 'import') {
      throw new ConflictError(`${report.org.name}${report.year}年度报告已在平台上编制（${existing.status}），不能用导入覆盖`);
    }
    const now = ctx.clock.now().toISOString();
    const values = {
      org_id: own?.id ?? null,
      parent_org_id: own ? own.parentId : parent.id,
      org_code: report.org.code,
      org_name: report.org.name,
      year: report.year,
      format: report.format,
      status: 'submitted',
      source: 'import',
      narrative: JSON.stringify(Object.fromEntries(report.sections.map((s) => [s.key, s.text]))),
      snapshot: reportToJson(report),
      submitted_at: now,
      submitted_by: ctx.actor.name,
      updated_at: now,
    };
    let id: number;
    if (existing) {
      id = existing.id;
      await ctx.tx.updateTable('annual_reports').set(values).where('id', '=', id).execute();
    } else {
      const r = await ctx.tx
        .insertInto('annual_reports')
        .values({
          ...values,
          narrative_updated_at: null,
          narrative_updated_by: null,
          decided_at: null,
          decided_by: null,
          comment: '',
          published_at: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(r.id);
    }
    await ctx.tx
      .insertInto('annual_report_events')
      .values({ report_id: id, at: now, actor: ctx.actor.name, event: 'import', comment: input.fileName })
      .execute();
    return {
      result: { id, org: report.org, year: report.year, orgId: own?.id ?? null, parentOrgId: own ? own.parentId : parent.id, warnings: prepared.warnings },
      audit: {
        action: 'reports.import',
        subjectType: 'annual_report',
        subjectId: id,
        orgId: own?.id ?? parent.id,
        summary: { file: input.fileName, org: report.org, year: report.year, replaced: !!existing, warnings: prepared.warnings.length },
      },
    };
  },
});

/** The platform org a report names: by code, else by exact name. */
async function matchOrg(db: Parameters<typeof findOrg>[0], orgs: readonly Org[], ref: { code: string; name: string }): Promise<Org | undefined> {
  if (ref.code) {
    const byCode = orgs.find((o) => o.code === ref.code.toUpperCase() || o.orgCode === ref.code.toUpperCase());
    if (byCode) return byCode;
  }
  return orgs.find((o) => o.name === ref.name) ?? (ref.name ? await findOrg(db, ref.name) : undefined);
}
