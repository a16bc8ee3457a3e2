import type { Generated } from 'kysely';
import type { RaisedLevel } from './settings.ts';
import type { NoticeState, SignalState } from './states.ts';

/**
 * The tables of 电子监察 (services.md §3). Dates `YYYY-MM-DD`, instants ISO-8601 UTC text. Signals
 * and notices are never deleted: a signal is raised → read → cleared in place, with who, when and
 * why; a notice keeps every step of its exchange in `supervision_notice_events`.
 */
export interface SupervisionSignalsTable {
  id: Generated<number>;
  /** What is watched: 'case' (办件), later 'rating-ticket', 'work-order'. */
  subject_type: string;
  subject_id: number;
  /** The responsible department (signals by department; who is notified; the scope). */
  org_id: number;
  /** The rule key; unique per subject (one signal per subject × rule). */
  rule: string;
  level: RaisedLevel;
  raised_on: string;
  raised_at: string;
  /** One line without personal data. */
  detail: string;
  /** The subject's back-office page. */
  href: string;
  state: SignalState;
  read_at: string | null;
  read_by: string | null;
  cleared_at: string | null;
  cleared_by: string | null;
  clear_reason: string | null;
}

export interface SupervisionNoticesTable {
  id: Generated<number>;
  /** 督办单号, e.g. 督办〔2026〕3号. */
  number: string;
  year: number;
  seq: number;
  subject_type: string;
  subject_id: number;
  org_id: number;
  requirement: string;
  issued_on: string;
  issued_at: string;
  issued_by: string;
  answer_days: number;
  answer_by: string;
  state: NoticeState;
  /** The latest answer (every answer is also an event). */
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

export interface SupervisionNoticeSignalsTable {
  notice_id: number;
  signal_id: number;
}

export interface SupervisionNoticeEventsTable {
  id: Generated<number>;
  notice_id: number;
  kind: 'issued' | 'answered' | 'accepted' | 'returned';
  at: string;
  by_name: string;
  text: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    supervision_signals: SupervisionSignalsTable;
    supervision_notices: SupervisionNoticesTable;
    supervision_notice_signals: SupervisionNoticeSignalsTable;
    supervision_notice_events: SupervisionNoticeEventsTable;
  }
}
