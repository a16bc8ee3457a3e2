import type { Generated } from 'kysely';

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  org_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON text: a before/after summary with personal data masked by the command. */
  summary: string;
  request_id: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: Generated<number>;
  seq: number;
  hash: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    audit_log: AuditLogTable;
    audit_head: AuditHeadTable;
  }
}
