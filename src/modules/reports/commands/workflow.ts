/**
 * Drafting, submitting, returning and accepting an annual report. The report is computed in
 * `prepare` (slow, needs no lock); the handler checks the transition, refuses submission while a
 * check fails with an error (warnings do not block), and freezes what was submitted: the figures
 * and the prose with its placeholders filled in. Accepting publishes that frozen report.
 */
import { defineCommand, type CommandContext } from '../../../platform/command.ts';
import { nextState } from '../../../platform/workflow/transitions.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { findOrgById, type Org } from '../../orgs/index.ts';
import { formatForYear } from '../formats/registry.ts';
import { reportToJson } from '../io/json.ts';
import { findReport, type StoredReport } from '../repo.ts';
import { returnInput, reviewInput, reportRefInput, saveNarrativeInput } from '../schemas.ts';
import { generateReport, orgRef, type GeneratedReport } from '../engine/generate.ts';
import { REPORT_TRANSITIONS, STATUS_LABELS, type ReportEvent } from '../states.ts';
import type { ReportStatus } from '../types.ts';

async function loadOrg(ctx: CommandContext, orgId: number): Promise<Org> {
  const org = await findOrgById(ctx.tx, orgId);
  if (!org) throw ValidationError.field('orgId', '机构不存在');
  return org;
}

function statusOf(s: StoredReport | undefined): ReportStatus {
  return s ? s.status : 'not_started';
}

/** The stored row, created as a draft when the org has none yet. */
async function ensureRow(ctx: CommandContext, org: Org, year: number): Promise<StoredReport> {
  const existing = await findReport(ctx.tx, org.id, year);
  if (existing) return existing;
  const now = ctx.clock.now().toISOString();
  const ref = orgRef(org);
  await ctx.tx
    .insertInto('annual_reports')
    .values({
      org_id: org.id,
      parent_org_id: org.parentId,
      org_code: ref.code,
      org_name: ref.name,
      year,
      format: formatForYear(year, { registry: ctx.ports.reportFormats }).id,
      status: 'draft',
      source: 'platform',
      narrative: '{}',
      narrative_updated_at: null,
      narrative_updated_by: null,
      snapshot: null,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
      comment: '',
      published_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findReport(ctx.tx, org.id, year))!;
}

async function logEvent(ctx: CommandContext, reportId: number, event: ReportEvent | 'import', comment = '') {
  await ctx.tx
    .insertInto('annual_report_events')
    .values({ report_id: reportId, at: ctx.clock.now().toISOString(), actor: ctx.actor.name, event, comment })
    .execute();
}

function transition(current: ReportStatus, event: ReportEvent): ReportStatus {
  return nextState(REPORT_TRANSITIONS, current, event, STATUS_LABELS);
}

export const saveNarrative = defineCommand({
  name: 'reports.saveNarrative',
  input: saveNarrativeInput,
  async handler(ctx, input) {
    const org = await loadOrg(ctx, input.orgId);
    ctx.authorize('reports.edit', org);
    const format = formatForYear(input.year, { registry: ctx.ports.reportFormats });
    const current = await findReport(ctx.tx, org.id, input.year);
    if (current?.source === 'import') throw ValidationError.field('orgId', '导入的报告不能在平台上编辑正文，请重新导入');
    const to = transition(statusOf(current), 'edit');
    const row = current ?? (await ensureRow(ctx, org, input.year));
    const unknown = Object.keys(input.sections).filter((k) => !format.sections.some((s) => s.key === k));
    if (unknown.length) throw new ValidationError(unknown.map((k) => ({ field: `sections.${k}`, message: `本年度报告格式没有此章节：${k}` })));
    const narrative = { ...row.narrative, ...input.sections };
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('annual_reports')
      .set({ narrative: JSON.stringify(narrative), narrative_updated_at: now, narrative_updated_by: ctx.actor.name, status: to, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await logEvent(ctx, row.id, 'edit');
    const changed = Object.entries(input.sections).filter(([k, text]) => row.narrative[k] !== text);
    const summary = { year: input.year, changed: changed.map(([k]) => k), chars: Object.fromEntries(changed.map(([k, text]) => [k, text.length])) };
    return {
      result: { id: row.id, status: to },
      audit: { action: 'reports.saveNarrative', subjectType: 'annual_report', subjectId: row.id, orgId: org.id, summary },
    };
  },
});

export const submitReport = defineCommand<{ orgId: number; year: number }, { id: number; warnings: number }, GeneratedReport>({
  name: 'reports.submit',
  input: reportRefInput,
  // Computing the report needs no lock; the handler re-reads the status before writing.
  prepare: (ctx, input) => generateReport(ctx, input.orgId, input.year),
  async handler(ctx, input, generated) {
    const org = await loadOrg(ctx, input.orgId);
    ctx.authorize('reports.edit', org);
    const current = await findReport(ctx.tx, org.id, input.year);
    if (current?.source === 'import') throw ValidationError.field('orgId', '导入的报告已报送，无需在平台上报送');
    const to = transition(statusOf(current), 'submit');
    const errors = generated.report.checks.filter((c) => c.severity === 'error');
    if (errors.length) {
      // §6.4: errors block submission; each names its rule and cells.
      throw new ValidationError(errors.map((e) => ({ field: e.rule, message: e.message })));
    }
    const row = current ?? (await ensureRow(ctx, org, input.year));
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('annual_reports')
      .set({
        status: to,
        snapshot: reportToJson(generated.report),
        format: generated.format.id,
        submitted_at: now,
        submitted_by: ctx.actor.name,
        comment: '',
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    const warnings = generated.report.checks.length;
    await logEvent(ctx, row.id, 'submit', warnings ? `${warnings}条提示` : '');
    return {
      result: { id: row.id, warnings },
      audit: {
        action: 'reports.submit',
        subjectType: 'annual_report',
        subjectId: row.id,
        orgId: org.id,
        summary: { year: input.year, format: generated.format.id, warnings: generated.report.checks.map((c) => c.rule) },
      },
    };
  },
});

export const returnReport = defineCommand({
  name: 'reports.return',
  input: returnInput,
  async handler(ctx, input) {
    const org = await loadOrg(ctx, input.orgId);
    ctx.authorize('reports.review', org);
    const current = await findReport(ctx.tx, org.id, input.year);
    const to = transition(statusOf(current), 'return');
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('annual_reports')
      .set({ status: to, comment: input.comment, decided_at: now, decided_by: ctx.actor.name, updated_at: now })
      .where('id', '=', current!.id)
      .execute();
    await logEvent(ctx, current!.id, 'return', input.comment);
    return {
      result: { id: current!.id },
      audit: {
        action: 'reports.return',
        subjectType: 'annual_report',
        subjectId: current!.id,
        orgId: org.id,
        summary: { year: input.year, comment: input.comment },
      },
    };
  },
});

export const acceptReport = defineCommand({
  name: 'reports.accept',
  input: reviewInput,
  async handler(ctx, input) {
    const org = await loadOrg(ctx, input.orgId);
    ctx.authorize('reports.review', org);
    const current = await findReport(ctx.tx, org.id, input.year);
    const to = transition(statusOf(current), 'accept');
    const now = ctx.clock.now().toISOString();
    await ctx.tx
      .updateTable('annual_reports')
      .set({ status: to, decided_at: now, decided_by: ctx.actor.name, published_at: now, updated_at: now })
      .where('id', '=', current!.id)
      .execute();
    await logEvent(ctx, current!.id, 'accept', input.comment);
    return {
      result: { id: current!.id },
      audit: { action: 'reports.accept', subjectType: 'annual_report', subjectId: current!.id, orgId: org.id, summary: { year: input.year, published: now } },
    };
  },
});
