import type { Kysely, Migration } from 'kysely';
import { withId } from '../../storage/migration-kit.ts';

export const identityMigrations: Record<string, Migration> = {
  '2026-11-27-04-identity-create': {
    async up(db: Kysely<any>) {
      await withId(db, db.schema.createTable('users'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await withId(db, db.schema.createTable('role_grants'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'org_id'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    },
  },
  /**
   * Failed logins per (login name, client address): the throttle slows the address that guesses,
   * not the account's owner elsewhere. Keyed by the name as typed, so an unknown name is slowed
   * exactly like a real one (no account enumeration).
   */
  '2026-12-04-01-identity-login-failures': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('login_failures')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('first_at', 'text', (c) => c.notNull())
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addColumn('blocked_until', 'text')
        .addPrimaryKeyConstraint('login_failures_pk', ['username', 'address'])
        .execute();
      await db.schema.createIndex('login_failures_last').on('login_failures').column('last_at').execute();
    },
  },
};
