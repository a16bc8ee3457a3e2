import type { ZodType, ZodError } from 'zod';
import type { Tx } from '../storage/db.ts';
import type { AppContext } from './context.ts';
import { appendAudit, type AuditDraft } from './audit/audit.ts';
import { authorize } from './authz/policy.ts';
import { ValidationError, type FieldIssue } from '../kernel/errors.ts';

/**
 * One use case = one command, always the same steps (after Outline's and Decidim's commands):
 *   validate input (zod) → open a transaction → load, authorise, check the transition →
 *   write the rows → write the audit entry in the same transaction → commit → side effects.
 * The audit entry is written here, explicitly, never by a hook a caller could bypass; and a
 * handler that never calls `ctx.authorize` fails instead of succeeding (deny by default).
 */
export interface CommandContext extends AppContext {
  tx: Tx;
  /** Throws Forbidden/Unauthenticated unless the actor may do `action` (to `subject`). */
  authorize(action: string, subject?: unknown): void;
  /** Run after the transaction commits (notifications, cache purges). Never for data. */
  afterCommit(fn: () => void | Promise<void>): void;
}

export interface CommandOutcome<O> {
  result: O;
  /** At least one entry: every state change is audited. */
  audit: AuditDraft | AuditDraft[];
}

export interface Command<I, O> {
  name: string;
  input: ZodType<I, any, any>;
  handler(ctx: CommandContext, input: I): Promise<CommandOutcome<O>>;
}

export function defineCommand<I, O>(c: Command<I, O>): Command<I, O> {
  return c;
}

export function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : '(input)', message: i.message }));
}

/** Parse with a zod schema; on failure, a ValidationError naming each field and why. */
export function parseInput<I>(schema: ZodType<I, any, any>, raw: unknown): I {
  const r = schema.safeParse(raw);
  if (!r.success) throw new ValidationError(zodIssues(r.error));
  return r.data;
}

export async function execute<I, O>(ctx: AppContext, command: Command<I, O>, raw: unknown): Promise<O> {
  const input = parseInput(command.input, raw);
  const effects: Array<() => void | Promise<void>> = [];
  const result = await ctx.db.transaction().execute(async (tx) => {
    let authorized = false;
    const cctx: CommandContext = {
      ...ctx,
      tx,
      authorize(action, subject) {
        authorize(ctx.actor, action, subject);
        authorized = true;
      },
      afterCommit(fn) {
        effects.push(fn);
      },
    };
    const out = await command.handler(cctx, input);
    if (!authorized) throw new Error(`command ${command.name} did not authorise its actor`);
    const drafts = Array.isArray(out.audit) ? out.audit : [out.audit];
    if (!drafts.length) throw new Error(`command ${command.name} wrote no audit entry`);
    await appendAudit(tx, { actorId: ctx.actor.userId, actorName: ctx.actor.name, requestId: ctx.requestId, at: ctx.clock.now() }, drafts);
    return out.result;
  });
  for (const fn of effects) {
    try {
      await fn();
    } catch (e) {
      // Side effects never undo a committed change; they report and move on.
      console.error(`after-commit effect of ${command.name} failed:`, e);
    }
  }
  return result;
}
