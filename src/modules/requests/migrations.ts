import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import { blobType, withId } from '../../storage/migration-kit.ts';

export const requestsMigrations: Record<string, Migration> = {
  '2026-11-28-01-requests-create': {
    async up(db: Kysely<any>) {
      const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo('');
      await withId(db, db.schema.createTable('requests'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('query_code', 'text', (c) => c.notNull().unique())
        .addColumn('regime', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('arrived_at', 'text', (c) => c.notNull())
        .addColumn('arrived_on', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text')
        .addColumn('receipt_basis', 'text', text)
        .addColumn('applicant_type', 'text', (c) => c.notNull())
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('id_type', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', text)
        .addColumn('contact_person', 'text', text)
        .addColumn('phone', 'text', text)
        .addColumn('email', 'text', text)
        .addColumn('address', 'text', text)
        .addColumn('postcode', 'text', text)
        .addColumn('info_name', 'text', text)
        .addColumn('info_doc_number', 'text', text)
        .addColumn('info_description', 'text', text)
        .addColumn('delivery_form', 'text', (c) => c.notNull())
        .addColumn('delivery_channel', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('statutory_due_on', 'text')
        .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('due_explain', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('correction_notice_on', 'text')
        .addColumn('correction_items', 'text', text)
        .addColumn('correction_period_days', 'integer')
        .addColumn('correction_ends_on', 'text')
        .addColumn('corrected_on', 'text')
        .addColumn('correction_text', 'text', text)
        .addColumn('extension_days', 'integer')
        .addColumn('extension_approver', 'text', text)
        .addColumn('extension_reason', 'text', text)
        .addColumn('extension_notice_on', 'text')
        .addColumn('extended_on', 'text')
        .addColumn('reasonable_deadline', 'text')
        .addColumn('outcome', 'text')
        .addColumn('outcome_case', 'text')
        .addColumn('outcome_values', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('decision_text', 'text', text)
        .addColumn('decision_year', 'integer')
        .addColumn('decision_serial', 'integer')
        .addColumn('decision_number', 'text', text)
        .addColumn('decided_on', 'text')
        .addColumn('decided_by', 'text', text)
        .addColumn('answered_late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('delivered_on', 'text')
        .addColumn('delivery_note', 'text', text)
        .addColumn('idempotency_key', 'text', (c) => c.unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('import_ref', 'text', text)
        .addColumn('track_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('track_locked_until', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('requests_decision_number', ['org_id', 'decision_year', 'decision_serial'])
        .execute();
      await db.schema.createIndex('requests_org_state').on('requests').columns(['org_id', 'state']).execute();
      await db.schema.createIndex('requests_received').on('requests').columns(['org_id', 'received_on']).execute();
      await db.schema.createIndex('requests_decided').on('requests').columns(['org_id', 'decided_on']).execute();
      await db.schema.createIndex('requests_due').on('requests').columns(['state', 'due_on']).execute();
      await db.schema.createIndex('requests_applicant').on('requests').columns(['id_number', 'received_on']).execute();

      await withId(db, db.schema.createTable('request_events'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('org_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();

      await withId(db, db.schema.createTable('request_consultations'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('party', 'text', (c) => c.notNull())
        .addColumn('sent_on', 'text', (c) => c.notNull())
        .addColumn('consultee_received_on', 'text')
        .addColumn('replied_on', 'text')
        .addColumn('reply', 'text', text)
        .addColumn('note', 'text', text)
        .execute();
      await db.schema.createIndex('request_consultations_request').on('request_consultations').column('request_id').execute();

      await withId(db, db.schema.createTable('request_fees'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('regime', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('units', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('earlier_this_month', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('gross_fen', 'integer', (c) => c.notNull())
        .addColumn('waived_fen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('amount_fen', 'integer', (c) => c.notNull())
        .addColumn('explain', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('waiver', 'text', (c) => c.notNull().defaultTo('null'))
        .addColumn('notice_on', 'text', (c) => c.notNull())
        .addColumn('notice_received_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text')
        .addColumn('paid_on', 'text')
        .addColumn('paid_fen', 'integer')
        .addColumn('lapsed_on', 'text')
        .execute();
      await db.schema.createIndex('request_fees_request').on('request_fees').column('request_id').execute();
      await db.schema.createIndex('request_fees_paid').on('request_fees').column('paid_on').execute();

      await withId(db, db.schema.createTable('request_attachments'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', blobType(db), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('request_attachments_request').on('request_attachments').column('request_id').execute();

      await withId(db, db.schema.createTable('appeals'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('request_id', 'integer', (c) => c.references('requests.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('route', 'text')
        .addColumn('reconsideration_id', 'integer', (c) => c.references('appeals.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('case_number', 'text', text)
        .addColumn('appellant', 'text', text)
        .addColumn('filed_on', 'text', (c) => c.notNull())
        .addColumn('decided_on', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('result_detail', 'text', text)
        .addColumn('co_defendant_org_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('co_defendant_name', 'text', text)
        .addColumn('instance', 'text', text)
        .addColumn('note', 'text', text)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('appeals_org').on('appeals').columns(['org_id', 'kind', 'filed_on']).execute();
      await db.schema.createIndex('appeals_request').on('appeals').column('request_id').execute();

      await withId(db, db.schema.createTable('request_outbox'))
        .addColumn('request_id', 'integer')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();

      await db.schema
        .createTable('request_reminders')
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('request_reminders_pk', ['request_id', 'on_date', 'kind'])
        .execute();
    },
  },
  /** Covering indexes for the annual report's grouped counts (stats.ts, countMany). */
  '2026-11-28-11-requests-report-indexes': {
    async up(db: Kysely<any>) {
      await sql`create index if not exists requests_report_decided on requests (org_id, decided_on, applicant_type, regime, outcome)`.execute(db);
      await sql`create index if not exists requests_report_received on requests (org_id, received_on, applicant_type, channel, decided_on)`.execute(db);
    },
  },
};
