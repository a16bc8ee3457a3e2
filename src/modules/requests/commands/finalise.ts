import type { Updateable } from 'kysely';
import type { IsoDate } from '../../../kernel/dates.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import type { CommandContext } from '../../../platform/command.ts';
import type { Org } from '../../orgs/index.ts';
import { fillLetter, outcome as outcomeOf, type Outcome, type LetterVariant } from '../outcomes.ts';
import { nextDecisionSerial, type RequestRow } from '../repo.ts';
import type { RequestsTable } from '../types.ts';

/**
 * The fields a final outcome writes — whether the handler decides (第三十六条至第三十九条) or the
 * office records that it stops handling (逾期不补正, 逾期未缴费). Exactly one outcome per request:
 * the state table lets no final state be left except by `close`, so this is written once.
 */
export async function finalFields(
  ctx: CommandContext,
  r: RequestRow,
  org: Org,
  o: { key: string; case?: string; values: Record<string, string>; decidedOn: IsoDate; stopsHandling?: boolean },
): Promise<{ patch: Updateable<RequestsTable>; outcome: Outcome; variant: LetterVariant; text: string; number: string }> {
  const oc = outcomeOf(r.regime, o.key);
  const variant = o.case ? oc.letters.find((v) => v.case === o.case) : oc.letters[0];
  if (!variant) throw ValidationError.field('case', `“${oc.label}”没有这种告知书措辞：${o.case}`);
  const text = fillLetter(variant.text, o.values);
  const year = Number(o.decidedOn.slice(0, 4));
  const serial = await nextDecisionSerial(ctx.tx, org.id, year);
  const number = decisionNumber(org, year, serial);
  // On time means by the date to answer by (statutory, or as extended): the old table's 按时/延期
  // split reads `statutory_due_on` separately (stats.ts). Recording that the office stops handling
  // (逾期不补正, 逾期未缴费) is not an answer and is never late.
  const late = !o.stopsHandling && r.due_on !== null && o.decidedOn > r.due_on ? 1 : 0;
  return {
    outcome: oc,
    variant,
    text,
    number,
    patch: {
      outcome: oc.key,
      outcome_case: variant.case,
      outcome_values: JSON.stringify(o.values),
      decision_text: text,
      decision_year: year,
      decision_serial: serial,
      decision_number: number,
      decided_on: o.decidedOn,
      decided_by: ctx.actor.name,
      answered_late: late,
    },
  };
}

/** 告知书文号: 区财政局依申告〔2025〕3号 — the org's short name, the year, a serial per org and year. */
export function decisionNumber(org: Pick<Org, 'shortName' | 'name'>, year: number, serial: number): string {
  return `${org.shortName || org.name}依申告〔${year}〕${serial}号`;
}
