import type { Kysely, Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

/** The twelve categories of services.md §1, in that order (the default; the list is data). */
const DEFAULT_CATEGORIES = [
  '行政许可',
  '非行政许可审批',
  '行政处罚',
  '行政强制',
  '行政征收',
  '行政收费',
  '行政给付',
  '行政检查',
  '行政确认',
  '行政奖励',
  '行政裁决',
  '其他行政权力',
];

export const powersMigrations: Record<string, Migration> = {
  '2026-12-06-10-powers-create': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('power_categories'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db
        .insertInto('power_categories')
        .values(DEFAULT_CATEGORIES.map((name, i) => ({ name, sort_order: (i + 1) * 10, active: 1 })))
        .execute();
      await withId(db, db.schema.createTable('powers'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('category_id', 'integer', (c) => c.notNull().references('power_categories.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_kind', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('fee_basis', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('procedure', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('time_limit', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('supervision_phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('powers_org').on('powers').columns(['org_id', 'category_id']).execute();
      await withId(db, db.schema.createTable('power_dispositions'))
        .addColumn('power_id', 'integer', (c) => c.notNull().references('powers.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('merged_into_id', 'integer', (c) => c.references('powers.id'))
        .addColumn('delegate_mode', 'text')
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('power_dispositions_power').on('power_dispositions').columns(['power_id', 'on_date']).execute();
      await db.schema.createIndex('power_dispositions_date').on('power_dispositions').columns(['on_date', 'kind']).execute();
      await db.schema
        .createTable('power_delegations')
        .addColumn('disposition_id', 'integer', (c) => c.notNull().references('power_dispositions.id'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addPrimaryKeyConstraint('power_delegations_pk', ['disposition_id', 'org_id'])
        .execute();
    },
  },
};
