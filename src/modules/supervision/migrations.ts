import type { Kysely, Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

/** 电子监察 tables (services.md §3). Frozen in time: never import application code here. */
export const supervisionMigrations: Record<string, Migration> = {
  '2026-12-06-50-supervision-signals': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('supervision_signals'))
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('org_id', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('raised_on', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('href', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('raised'))
        .addColumn('read_at', 'text')
        .addColumn('read_by', 'text')
        .addColumn('cleared_at', 'text')
        .addColumn('cleared_by', 'text')
        .addColumn('clear_reason', 'text')
        .execute();
      // One signal per subject × rule: raise() is idempotent by this index.
      await db.schema
        .createIndex('supervision_signals_subject_rule')
        .unique()
        .on('supervision_signals')
        .columns(['subject_type', 'subject_id', 'rule'])
        .execute();
      await db.schema.createIndex('supervision_signals_org_state').on('supervision_signals').columns(['org_id', 'state', 'level']).execute();
      await db.schema.createIndex('supervision_signals_raised').on('supervision_signals').columns(['raised_on']).execute();
    },
  },
  '2026-12-06-51-supervision-notices': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('supervision_notices'))
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('org_id', 'integer', (c) => c.notNull())
        .addColumn('requirement', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addColumn('answer_days', 'integer', (c) => c.notNull())
        .addColumn('answer_by', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text')
        .addUniqueConstraint('supervision_notices_year_seq', ['year', 'seq'])
        .execute();
      await db.schema.createIndex('supervision_notices_org_state').on('supervision_notices').columns(['org_id', 'state']).execute();
      await db.schema
        .createTable('supervision_notice_signals')
        .addColumn('notice_id', 'integer', (c) => c.notNull().references('supervision_notices.id'))
        .addColumn('signal_id', 'integer', (c) => c.notNull().references('supervision_signals.id'))
        .addPrimaryKeyConstraint('supervision_notice_signals_pk', ['notice_id', 'signal_id'])
        .execute();
      await db.schema.createIndex('supervision_notice_signals_signal').on('supervision_notice_signals').columns(['signal_id']).execute();
      await withId(db, db.schema.createTable('supervision_notice_events'))
        .addColumn('notice_id', 'integer', (c) => c.notNull().references('supervision_notices.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('supervision_notice_events_notice').on('supervision_notice_events').columns(['notice_id']).execute();
    },
  },
};
