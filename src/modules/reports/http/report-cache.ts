import type { Db } from '../../../storage/db.ts';

/**
 * Generated reports and their charts per database handle (see load.ts), in a file of their own so
 * the module's manifest can name the commit hook without loading the web pages.
 */
export const reportCache = new WeakMap<Db, Map<string, { at: number; value: Promise<unknown> }>>();

/** The reports module's commit hook (its manifest): a commit on a database drops that database's reports. */
export function reportsCommitted(ctx: { db: Db }): void {
  reportCache.delete(ctx.db);
}
