import type { Generated } from 'kysely';
import type { ApplicantType, Channel, DeliveryChannel, DeliveryForm, IdType } from './applicants.ts';
import type { RequestState } from './states.ts';
import type { Regime, PauseKind } from './regimes.ts';

/**
 * The tables of the requests module (dates `YYYY-MM-DD` text, instants ISO-8601 UTC text,
 * booleans 0/1, JSON as text, money in 分). Personal data (ID number, phone, e-mail, address) lives
 * only in `requests`; events, audit summaries and the outbox log carry none of it.
 */
export interface RequestsTable {
  id: Generated<number>;
  /** The org that answers (changes when transferred). */
  org_id: number;
  /** The applicant's tracking code (humanCode): never reused. */
  query_code: string;
  /** Decided by the legal receipt date (国务院令第711号 applies from 2019-05-15). */
  regime: Regime;
  channel: Channel;
  /** Raw arrival instant, as the platform or the clerk recorded it. */
  arrived_at: string;
  /** The calendar day of arrival (Beijing time). */
  arrived_on: string;
  /** Legal receipt date (2019 条例第三十一条); null until confirmed. */
  received_on: string | null;
  /** Which rule gave `received_on`, in words. */
  receipt_basis: string;
  applicant_type: ApplicantType;
  applicant_name: string;
  id_type: IdType;
  id_number: string;
  contact_person: string;
  phone: string;
  email: string;
  address: string;
  postcode: string;
  info_name: string;
  info_doc_number: string;
  info_description: string;
  delivery_form: DeliveryForm;
  delivery_channel: DeliveryChannel;
  state: RequestState;
  /** The date to answer by (statutory, extended or Art. 35); null while no clock runs. */
  due_on: Generated<string | null>;
  /** The statutory deadline without extension (on-time vs extended in the old table). */
  statutory_due_on: Generated<string | null>;
  due_provisional: Generated<number>;
  /** JSON string[]: the clerk-checkable explanation of the due date. */
  due_explain: Generated<string>;
  correction_notice_on: Generated<string | null>;
  correction_items: Generated<string>;
  correction_period_days: Generated<number | null>;
  correction_ends_on: Generated<string | null>;
  corrected_on: Generated<string | null>;
  correction_text: Generated<string>;
  extension_days: Generated<number | null>;
  extension_approver: Generated<string>;
  extension_reason: Generated<string>;
  extension_notice_on: Generated<string | null>;
  extended_on: Generated<string | null>;
  reasonable_deadline: Generated<string | null>;
  /** The final outcome key of the request's regime (outcomes.ts); exactly one, set once. */
  outcome: Generated<string | null>;
  outcome_case: Generated<string | null>;
  /** JSON: the placeholder values of the letter wording. */
  outcome_values: Generated<string>;
  decision_text: Generated<string>;
  decision_year: Generated<number | null>;
  decision_serial: Generated<number | null>;
  decision_number: Generated<string>;
  decided_on: Generated<string | null>;
  decided_by: Generated<string>;
  /** Decided after the due date (without an approved extension covering it). */
  answered_late: Generated<number>;
  delivered_on: Generated<string | null>;
  delivery_note: Generated<string>;
  idempotency_key: string | null;
  source: 'online' | 'staff' | 'import';
  import_ref: string;
  track_failures: Generated<number>;
  track_locked_until: Generated<string | null>;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The timeline: one row per thing that happened, with its legal date. Append-only. */
export interface RequestEventsTable {
  id: Generated<number>;
  request_id: number;
  org_id: number;
  kind: string;
  on_date: string;
  at: string;
  actor_name: string;
  /** JSON, no personal data. */
  detail: string;
  /** Shown on the applicant's tracking page. */
  public: number;
}

export interface RequestConsultationsTable {
  id: Generated<number>;
  request_id: number;
  kind: PauseKind;
  /** Who was consulted (a company or an agency; not shown to the applicant). */
  party: string;
  sent_on: string;
  consultee_received_on: string | null;
  replied_on: string | null;
  /** agree / disagree / partial / no_reply */
  reply: string;
  note: string;
}

export interface RequestFeesTable {
  id: Generated<number>;
  request_id: number;
  regime: Regime;
  /** per_application / per_page (2019, 国办函〔2020〕109号) or cost (2008 条例第二十七条). */
  basis: 'per_application' | 'per_page' | 'cost';
  units: number;
  earlier_this_month: number;
  gross_fen: number;
  waived_fen: number;
  amount_fen: number;
  /** JSON string[] */
  explain: string;
  /** JSON: the 2008 waiver (basis, approver). */
  waiver: string;
  notice_on: string;
  notice_received_on: string;
  due_on: string | null;
  paid_on: string | null;
  paid_fen: number | null;
  lapsed_on: string | null;
}

export interface RequestAttachmentsTable {
  id: Generated<number>;
  request_id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_at: string;
  created_by: string;
}

/** 行政复议 and 行政诉讼 over disclosure acts (report table 四; cn-2014 rows 四, 五). */
export interface AppealsTable {
  id: Generated<number>;
  /** The respondent / defendant: the agency whose act is challenged (counted for it alone). */
  org_id: number;
  request_id: number | null;
  kind: 'reconsideration' | 'litigation';
  /** Litigation only: direct (未经复议直接起诉) or after_reconsideration (复议后起诉). */
  route: 'direct' | 'after_reconsideration' | null;
  /** Litigation after reconsideration: the reconsideration record, when there is one. */
  reconsideration_id: number | null;
  /** 复议机关 / 受理法院 */
  body: string;
  case_number: string;
  /** 申请人 / 原告 (shown masked to all but the handler of the request). */
  appellant: string;
  filed_on: string;
  decided_on: string | null;
  result: 'upheld' | 'corrected' | 'other' | 'pending';
  result_detail: string;
  /** 行政诉讼法第二十六条第二款: the reconsideration body sued alongside; not counted for it. */
  co_defendant_org_id: number | null;
  co_defendant_name: string;
  instance: string;
  note: string;
  created_at: string;
  updated_at: string;
}

/** The default notifier: messages waiting for a gateway (SMS, e-mail). Never logged. */
export interface RequestOutboxTable {
  id: Generated<number>;
  request_id: number | null;
  channel: 'sms' | 'email' | 'staff';
  recipient: string;
  subject: string;
  body: string;
  created_at: string;
  sent_at: string | null;
}

/** Reminders raised by the daily job: once per request, kind and day. */
export interface RequestRemindersTable {
  request_id: number;
  on_date: string;
  kind: string;
  created_at: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    requests: RequestsTable;
    request_events: RequestEventsTable;
    request_consultations: RequestConsultationsTable;
    request_fees: RequestFeesTable;
    request_attachments: RequestAttachmentsTable;
    appeals: AppealsTable;
    request_outbox: RequestOutboxTable;
    request_reminders: RequestRemindersTable;
  }
}
