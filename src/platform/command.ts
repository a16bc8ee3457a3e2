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

export interface Command<I, O, P = undefined> {
  name: string;
  input: ZodType<I, any, any>;
  /**
   * Slow work that needs no lock (hashing a password, reading an upload) runs here, before the
   * transaction opens; its result is handed to the handler.
   */
  prepare?(ctx: AppContext, input: I): Promise<P>;
  handler(ctx: CommandContext, input: I, prepared: P): Promise<CommandOutcome<O>>;
}

export function defineCommand<I, O, P = undefined>(c: Command<I, O, P>): Command<I, O, P> {
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

const committedListeners: Array<(name: string) => void> = [];
/** Called after every committed command (caches of rendered pages listen here). */
export function onCommitted(fn: (commandName: string) => void): void {
  committedListeners.push(fn);
}

export async function execute<I, O, P>(ctx: AppContext, command: Command<I, O, P>, raw: unknown): Promise<O> {
  const input = parseInput(command.input, raw);
  const prepared = (command.prepare ? await command.prepare(ctx, input) : undefined) as P;
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
    const out = await command.handler(cctx, input, prepared);
    if (!authorized) throw new Error(`command ${command.name} did not authorise its actor`);
    const drafts = Array.isArray(out.audit) ? out.audit : [out.audit];
    if (!drafts.length) throw new Error(`command ${command.name} wrote no audit entry`);
    await appendAudit(tx, { actorId: ctx.actor.userId, actorName: ctx.actor.name, requestId: ctx.requestId, at: ctx.clock.now() }, drafts);
    return out.result;
  });
  for (const l of committedListeners) l(command.name);
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
