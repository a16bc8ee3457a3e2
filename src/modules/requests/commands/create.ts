import { humanCode } from '../../../kernel/ids.ts';
import { dateInZone, type IsoDate } from '../../../kernel/dates.ts';
import { NotFoundError, ValidationError } from '../../../kernel/errors.ts';
import type { CommandContext } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { findOrgById, type Org } from '../../orgs/index.ts';
import { RECEIPT_RULES, type Channel } from '../applicants.ts';
import { regimeFor, rulesFor } from '../regimes.ts';
import { findRequest, type RequestRow } from '../repo.ts';
import type { ApplicationInput } from '../schemas.ts';
import { scheduleOf } from '../deadlines.ts';
import type { RequestState } from '../states.ts';
import { insertEvent } from './common.ts';

/** Orgs that answer requests themselves: not villages and communities (they have no disclosure office). */
export function answersRequests(org: Org): boolean {
  return org.active && org.kind !== 'village' && org.kind !== 'community';
}

export async function answeringOrg(ctx: CommandContext, orgId: number): Promise<Org> {
  const org = await findOrgById(ctx.tx, orgId);
  if (!org || !answersRequests(org)) throw ValidationError.field('orgId', '请选择受理申请的行政机关');
  return org;
}

/** The receipt rule in words, for the record and the letter. */
export function receiptBasis(channel: Channel, regime: '2008' | '2019'): string {
  const r = RECEIPT_RULES[channel];
  return regime === '2019' ? `${r.rule}（${r.basis}）` : '收到申请之日（2008年条例）';
}

export interface NewRequest {
  app: ApplicationInput;
  org: Org;
  channel: Channel;
  arrivedAt: Date;
  /** Legal receipt date, when already known (in person, registered post signed for, confirmed). */
  receivedOn?: IsoDate;
  source: 'online' | 'staff' | 'import';
  idempotencyKey?: string;
  importRef?: string;
  state?: RequestState;
}

/**
 * Insert a request with a fresh query code and its first timeline events. The regime follows the
 * legal receipt date (国务院令第711号 from 2019-05-15), provisionally the arrival date until then.
 */
export async function insertRequest(ctx: CommandContext, n: NewRequest): Promise<RequestRow> {
  const now = ctx.clock.now().toISOString();
  const arrivedOn = dateInZone(n.arrivedAt, ctx.config.timeZone);
  const regime = regimeFor(n.receivedOn ?? arrivedOn);
  const state: RequestState = n.state ?? (n.receivedOn ? 'received' : 'submitted');
  let id = 0;
  let code = '';
  // Codes come from a 31-character alphabet, 12 long: a clash is astronomically rare, but retried.
  for (let attempt = 0; attempt < 5 && !id; attempt++) {
    code = humanCode(12);
    const clash = await ctx.tx.selectFrom('requests').select('id').where('query_code', '=', code).executeTakeFirst();
    if (clash) continue;
    const row = await ctx.tx
      .insertInto('requests')
      .values({
        org_id: n.org.id,
        query_code: code,
        regime,
        channel: n.channel,
        arrived_at: n.arrivedAt.toISOString(),
        arrived_on: arrivedOn,
        received_on: n.receivedOn ?? null,
        receipt_basis: n.receivedOn ? receiptBasis(n.channel, regime) : '',
        applicant_type: n.app.applicantType,
        applicant_name: n.app.applicantName,
        id_type: n.app.idType,
        id_number: n.app.idNumber,
        contact_person: n.app.contactPerson,
        phone: n.app.phone,
        email: n.app.email,
        address: n.app.address,
        postcode: n.app.postcode,
        info_name: n.app.infoName,
        info_doc_number: n.app.infoDocNumber,
        info_description: n.app.infoDescription,
        delivery_form: n.app.deliveryForm,
        delivery_channel: n.app.deliveryChannel,
        state,
        idempotency_key: n.idempotencyKey ?? null,
        source: n.source,
        import_ref: n.importRef ?? '',
        created_by: ctx.actor.name,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
  }
  if (!id) throw new Error('could not allocate a query code');
  await insertEvent(ctx, {
    requestId: id,
    orgId: n.org.id,
    kind: n.source === 'online' ? 'submitted' : 'recorded',
    onDate: arrivedOn,
    detail: { channel: n.channel },
    isPublic: true,
  });
  if (n.receivedOn) {
    await insertEvent(ctx, {
      requestId: id,
      orgId: n.org.id,
      kind: 'confirm_receipt',
      onDate: n.receivedOn,
      detail: { basis: receiptBasis(n.channel, regime) },
      isPublic: true,
    });
    const r = (await findRequest(ctx.tx, id))!;
    const s = scheduleOf(await loadCalendar(ctx.tx), r, [], ctx.clock.today());
    await ctx.tx.updateTable('requests').set(s).where('id', '=', id).execute();
  }
  const r = await findRequest(ctx.tx, id);
  if (!r) throw new NotFoundError('申请不存在');
  return r;
}

/** The summary the audit trail keeps of a new request: no name, ID number or phone. */
export function creationAudit(r: RequestRow) {
  return {
    action: 'requests.create',
    subjectType: 'request',
    subjectId: r.id,
    orgId: r.org_id,
    summary: {
      code: r.query_code,
      channel: r.channel,
      source: r.source,
      applicantType: r.applicant_type,
      regime: r.regime,
      arrivedOn: r.arrived_on,
      receivedOn: r.received_on,
      due: r.due_on,
      baseDays: rulesFor(r.regime).baseDays,
    },
  };
}
