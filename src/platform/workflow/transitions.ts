import { ConflictError } from '../../kernel/errors.ts';

/**
 * A workflow as data: each event names the states it may leave and the state it enters.
 * Modules keep their table in `states.ts`; commands ask `nextState` and get a refusal with the
 * reason (409) when the event is not allowed from the current state.
 */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  /** What staff read, e.g. 提交审查. */
  label: string;
}

export type TransitionTable<S extends string, E extends string> = Record<E, Transition<S>>;

export function nextState<S extends string, E extends string>(table: TransitionTable<S, E>, current: S, event: E, stateLabels?: Partial<Record<S, string>>): S {
  const t = table[event];
  if (!t) throw new ConflictError(`unknown event: ${event}`);
  if (!t.from.includes(current)) {
    const here = stateLabels?.[current] ?? current;
    throw new ConflictError(`当前状态（${here}）不能执行“${t.label}”`);
  }
  return t.to;
}

/** The events allowed from a state (to show only the buttons that work). */
export function eventsFrom<S extends string, E extends string>(table: TransitionTable<S, E>, current: S): E[] {
  return (Object.keys(table) as E[]).filter((e) => table[e].from.includes(current));
}
