import type { ZodType, ZodError, ZodErrorMap } from 'zod';
import type { Tx } from '../storage/db.ts';
import type { AppContext } from './context.ts';
import { appendAudit, type AuditDraft } from './audit/audit.ts';
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
  // biome-ignore lint/suspicious/noExplicitAny: zod's input and definition types vary per schema
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

/**
 * zod's own messages in Chinese, for the checks a schema leaves without a message of its own (a
 * message written in the schema always wins). The field is named by the issue's path.
 */
const chineseErrors: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case 'invalid_type':
      return {
        message: issue.received === 'undefined' || issue.received === 'null' ? '必填' : `类型不对：应为${TYPE_NAMES[issue.expected] ?? issue.expected}`,
      };
    case 'too_small':
      if (issue.type === 'string') return { message: Number(issue.minimum) <= 1 ? '必填' : `至少${issue.minimum}个字` };
      if (issue.type === 'number') return { message: issue.inclusive ? `不能小于${issue.minimum}` : `应大于${issue.minimum}` };
      if (issue.type === 'array') return { message: `至少${issue.minimum}项` };
      break;
    case 'too_big':
      if (issue.type === 'string') return { message: `不超过${issue.maximum}个字` };
      if (issue.type === 'number') return { message: issue.inclusive ? `不能大于${issue.maximum}` : `应小于${issue.maximum}` };
      if (issue.type === 'array') return { message: `至多${issue.maximum}项` };
      break;
    case 'invalid_enum_value':
      return { message: `不是可选的值（可选：${issue.options.join('、')}）` };
    case 'invalid_date':
      return { message: '不是有效日期' };
    case 'invalid_string':
      return { message: '格式不对' };
    case 'unrecognized_keys':
      return { message: `不认识的字段：${issue.keys.join('、')}` };
    case 'not_multiple_of':
      return { message: '应为整数' };
  }
  return { message: ctx.defaultError };
};
const TYPE_NAMES: Record<string, string> = { string: '文字', number: '数字', integer: '整数', boolean: '是/否', date: '日期', array: '列表', object: '对象' };

export const NUL_MESSAGE = '含有不允许的空字符（\\0），请删除后重新提交';

/**
 * The fields (as paths) of an input whose text holds a NUL character. PostgreSQL cannot store one
 * in text and SQLite would: refused at the door on both engines, naming the field — by the HTTP
 * layer for every posted form, by the importers for each record (the rest of the file still counts).
 */
export function fieldsWithNul(v: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) out.push(path || '(input)');
  } else if (v && typeof v === 'object' && depth < 8 && !Buffer.isBuffer(v) && !(v instanceof Uint8Array)) {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000')) out.push(path ? `${path}.(key)` : '(key)');
      fieldsWithNul(x, path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
  return out;
}

/** Parse with a zod schema; on failure, a ValidationError naming each field and why. */
// biome-ignore lint/suspicious/noExplicitAny: any zod schema whose output is I
export function parseInput<I>(schema: ZodType<I, any, any>, raw: unknown): I {
  const r = schema.safeParse(raw, { errorMap: chineseErrors });
  if (!r.success) throw new ValidationError(zodIssues(r.error));
  return r.data;
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
        ctx.registry.policies.authorize(ctx.actor, action, subject);
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
  // Caches owned by this app (rendered pages, browse counts) listen here.
  ctx.registry.committed(ctx, command.name);
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
