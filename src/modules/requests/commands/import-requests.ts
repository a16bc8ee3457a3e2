import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../../../platform/command.ts';
import { zipLimitsOf } from '../../../platform/render/zip-guard.ts';
import type { AuditDraft } from '../../../platform/audit/audit.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { humanCode } from '../../../kernel/ids.ts';
import { findOrg, listOrgs, type Org } from '../../orgs/index.ts';
import { checkRecord, readLedger, type LedgerEvent, type LedgerProblem, type LedgerRow } from '../import/ledger.ts';
import { outcome as outcomeOf } from '../outcomes.ts';
import { rulesFor } from '../regimes.ts';
import { findRequest } from '../repo.ts';
import { scheduleOf } from '../deadlines.ts';
import type { RequestState } from '../states.ts';
import { creationAudit, receiptBasis } from './create.ts';
import { decisionNumber } from './finalise.ts';

export interface ImportSummary {
  rows: number;
  imported: number;
  /** Rows whose `ref` was imported before (re-running a file adds nothing). */
  skipped: number;
  dryRun: boolean;
  sha256: string;
}

/** Problems of a ledger file, as a ValidationError whose fields read `第12行 received_on`. */
export class LedgerError extends ValidationError {
  constructor(readonly problems: LedgerProblem[]) {
    super(problems.map((p) => ({ field: p.line ? `第${p.line}行 ${p.field}` : p.field, message: p.message })));
  }
}

/**
 * `gongkai import requests FILE`: a district's existing 台账 (docs/requests-import.md). Every row
 * is checked first and every problem reported by line and field; then all rows are written in one
 * transaction (all or nothing), each with its timeline, consultations, fee and stored due dates,
 * so the report counts imported requests exactly like those handled on the platform.
 */
export const importRequests = defineCommand({
  name: 'requests.import',
  input: z.object({
    filename: z.string().min(1),
    content: z.instanceof(Uint8Array),
    defaultOrg: z.string().trim().optional(),
    dryRun: z.boolean().default(false),
  }),
  async prepare(ctx, input) {
    const { records, problems } = await readLedger({ name: input.filename, content: Buffer.from(input.content) }, zipLimitsOf(ctx.config));
    const orgs = await listOrgs(ctx.db, { includeInactive: true });
    const known = (ref: string) => orgs.some((o) => o.name === ref || o.shortName === ref || o.code === ref.toUpperCase() || o.orgCode === ref.toUpperCase());
    const rows: LedgerRow[] = [];
    const refs = new Map<string, number>();
    for (const rec of records) {
      const r = checkRecord(rec, ctx.clock.today(), known, input.defaultOrg);
      problems.push(...r.problems);
      const ref = String(rec.values.ref ?? rec.values.编号 ?? rec.values.台账编号 ?? '').trim();
      if (ref) {
        if (refs.has(ref)) problems.push({ line: rec.line, field: 'ref', message: `编号与第${refs.get(ref)}行重复：${ref}` });
        else refs.set(ref, rec.line);
      }
      if (r.row) rows.push(r.row);
    }
    if (!records.length && !problems.length) problems.push({ line: 0, field: 'file', message: '文件中没有申请记录' });
    problems.sort((a, b) => a.line - b.line);
    return { rows, problems, sha256: createHash('sha256').update(input.content).digest('hex'), total: records.length };
  },
  async handler(ctx, input, prep) {
    ctx.authorize('requests.import');
    if (prep.problems.length) throw new LedgerError(prep.problems);
    const audit: AuditDraft[] = [];
    const cal = await loadCalendar(ctx.tx);
    const orgCache = new Map<string, Org>();
    let imported = 0;
    let skipped = 0;
    for (const row of prep.rows) {
      const org = orgCache.get(row.org) ?? (await findOrg(ctx.tx, row.org));
      if (!org) throw new LedgerError([{ line: row.line, field: 'org', message: `没有这个机关：${row.org}` }]);
      orgCache.set(row.org, org);
      ctx.authorize('requests.import', { orgPath: org.path });
      if (row.ref) {
        const dup = await ctx.tx
          .selectFrom('requests')
          .select('id')
          .where('source', '=', 'import')
          .where('import_ref', '=', row.ref)
          .where('org_id', '=', org.id)
          .executeTakeFirst();
        if (dup) {
          skipped++;
          continue;
        }
      }
      if (input.dryRun) {
        imported++;
        continue;
      }
      const id = await insertRow(ctx, row, org, cal);
      const r = (await findRequest(ctx.tx, id))!;
      audit.push(creationAudit(r));
      imported++;
    }
    const summary: ImportSummary = { rows: prep.total, imported, skipped, dryRun: input.dryRun, sha256: prep.sha256 };
    audit.unshift({ action: 'requests.import', subjectType: 'file', subjectId: input.filename.slice(-100), summary: { ...summary } });
    if (input.dryRun) {
      // A dry run checks everything inside the transaction, then rolls it back.
      throw new DryRunDone(summary);
    }
    return { result: summary, audit };
  },
});

/** Thrown to roll back a dry run after every check passed; carries the summary. */
export class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

async function insertRow(
  ctx: Parameters<typeof importRequests.handler>[0],
  row: LedgerRow,
  org: Org,
  cal: Awaited<ReturnType<typeof loadCalendar>>,
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const rules = rulesFor(row.regime);
  const ev = row.events;
  const correction = ev.find((e) => e.type === 'correction');
  const corrected = ev.find((e) => e.type === 'corrected');
  const extend = ev.find((e) => e.type === 'extend');
  const fee = ev.find((e) => e.type === 'fee');
  const paid = ev.find((e) => e.type === 'paid');
  const delivered = ev.find((e) => e.type === 'delivered');
  const consults = ev.filter((e) => e.type === 'consult');
  let state: RequestState;
  if (row.outcome) {
    state =
      row.outcome === 'other_no_correction' || (row.regime === '2008' && row.outcome === 'correction')
        ? 'abandoned'
        : row.outcome === 'other_fee_unpaid'
          ? 'fee_abandoned'
          : delivered
            ? 'closed'
            : 'decided';
  } else if (correction && !corrected) state = 'correction_requested';
  else if (consults.some((c) => !c.to)) state = 'consulting';
  else if (fee && !paid) state = 'fee_notified';
  else if (fee && paid) state = 'paid';
  else if (extend) state = 'extended';
  else if (corrected) state = 'corrected';
  else state = 'received';
  const inserted = await ctx.tx
    .insertInto('requests')
    .values({
      org_id: org.id,
      query_code: humanCode(12),
      regime: row.regime,
      channel: row.channel,
      arrived_at: new Date(`${row.arrivedOn}T09:00:00+08:00`).toISOString(),
      arrived_on: row.arrivedOn,
      received_on: row.receivedOn,
      receipt_basis: `${receiptBasis(row.channel, row.regime)}；历史台账导入`,
      applicant_type: row.applicantType,
      applicant_name: row.applicantName,
      id_type: row.idType ?? (row.applicantType === 'natural' ? 'other_person' : 'other_org'),
      id_number: row.idNumber,
      contact_person: '',
      phone: row.phone,
      email: '',
      address: '',
      postcode: '',
      info_name: '',
      info_doc_number: '',
      info_description: row.info,
      delivery_form: 'other',
      delivery_channel: 'post',
      state,
      correction_notice_on: correction?.date ?? null,
      correction_items: correction && correction.type === 'correction' ? (correction.items ?? '') : '',
      correction_period_days: null,
      corrected_on: corrected?.date ?? null,
      extension_days: extend && extend.type === 'extend' ? extend.days || rules.maxExtensionDays : null,
      extension_notice_on: extend?.date ?? null,
      extended_on: extend?.date ?? null,
      extension_approver: extend ? '（台账未记载）' : '',
      extension_reason: extend ? '（台账未记载）' : '',
      source: 'import',
      import_ref: row.ref,
      created_by: ctx.actor.name,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  for (const c of consults)
    if (c.type === 'consult')
      await ctx.tx
        .insertInto('request_consultations')
        .values({
          request_id: id,
          kind: c.kind,
          party: '（台账未记载）',
          sent_on: c.from,
          consultee_received_on: null,
          replied_on: c.to ?? null,
          reply: c.to ? 'agree' : '',
          note: '历史台账导入',
        })
        .execute();
  if (fee && fee.type === 'fee')
    await ctx.tx
      .insertInto('request_fees')
      .values({
        request_id: id,
        regime: row.regime,
        basis: row.regime === '2019' ? 'per_page' : 'cost',
        units: 0,
        earlier_this_month: 0,
        gross_fen: fee.amountFen,
        waived_fen: 0,
        amount_fen: fee.amountFen,
        explain: JSON.stringify(['历史台账导入']),
        waiver: 'null',
        notice_on: fee.date,
        notice_received_on: fee.date,
        due_on: null,
        paid_on: paid?.date ?? null,
        paid_fen: paid ? fee.amountFen : null,
        lapsed_on: row.outcome === 'other_fee_unpaid' ? row.decidedOn : null,
      })
      .execute();
  const timeline: Array<{ kind: string; on: string; detail: Record<string, unknown> }> = [
    { kind: 'recorded', on: row.arrivedOn, detail: { channel: row.channel, imported: true } },
    { kind: 'confirm_receipt', on: row.receivedOn, detail: { basis: receiptBasis(row.channel, row.regime) } },
    ...ev.map((e) => ({ kind: EVENT_KIND[e.type], on: e.type === 'consult' ? e.from : e.date, detail: { ...e, imported: true } })),
  ];
  if (row.outcome && row.decidedOn)
    timeline.push({
      kind: row.outcome === 'other_fee_unpaid' ? 'fee_lapsed' : state === 'abandoned' ? 'correction_lapsed' : 'decide',
      on: row.decidedOn,
      detail: { outcome: row.outcome, number: row.decisionNumber, imported: true },
    });
  for (const t of timeline.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)))
    await ctx.tx
      .insertInto('request_events')
      .values({ request_id: id, org_id: org.id, kind: t.kind, on_date: t.on, at: now, actor_name: ctx.actor.name, detail: JSON.stringify(t.detail), public: 1 })
      .execute();
  // Due dates from the recorded events, as for requests handled here (the old table's 按时/延期).
  const r = (await findRequest(ctx.tx, id))!;
  const consultations = await ctx.tx.selectFrom('request_consultations').selectAll().where('request_id', '=', id).execute();
  const s = scheduleOf(
    cal,
    { ...r, state: 'received' },
    consultations.map((c) => ({ ...c, id: Number(c.id), request_id: id })),
    ctx.clock.today(),
  );
  const patch: Record<string, unknown> = { ...s };
  if (row.outcome && row.decidedOn) {
    const o = outcomeOf(row.regime, row.outcome);
    const year = Number(row.decidedOn.slice(0, 4));
    patch.outcome = row.outcome;
    patch.outcome_case = row.outcomeCase;
    patch.decision_text = row.decisionText || `依台账记载，本申请的办理结果为：${o.label}。`;
    patch.decision_year = year;
    patch.decision_number = row.decisionNumber || decisionNumber(org, year, 0).replace(`〔${year}〕0号`, `〔${year}〕台账${row.ref || id}号`);
    patch.decided_on = row.decidedOn;
    patch.decided_by = ctx.actor.name;
    const stops = state === 'abandoned' || state === 'fee_abandoned';
    patch.answered_late = !stops && s.due_on && row.decidedOn > s.due_on ? 1 : 0;
    patch.delivered_on = delivered?.date ?? null;
  }
  await ctx.tx.updateTable('requests').set(patch).where('id', '=', id).execute();
  return id;
}

const EVENT_KIND: Record<LedgerEvent['type'], string> = {
  correction: 'request_correction',
  corrected: 'receive_correction',
  consult: 'start_consultation',
  extend: 'extend',
  fee: 'notify_fee',
  paid: 'record_payment',
  transfer: 'transfer',
  delivered: 'close',
};
