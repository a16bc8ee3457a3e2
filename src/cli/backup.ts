import type { Command } from 'commander';
import { action, openCliApp, fail } from './run.ts';
import { loadConfig } from '../app/config.ts';
import { engineOf, sqliteFileOf, openDatabase } from '../storage/db.ts';
import { backupSqlite, inspectSqliteBackup, restoreSqlite } from '../storage/backup.ts';
import { verifyAudit } from '../platform/audit/audit.ts';
import { resolve } from 'node:path';

export function registerBackupCli(program: Command): void {
  program
    .command('backup <file>')
    .description('online, consistent copy of the SQLite database (safe while the server runs)')
    .action(
      action(async (file: string) => {
        const app = await openCliApp();
        if (app.database.engine !== 'sqlite') fail('backup: the database is PostgreSQL — use pg_dump -Fc (see the README)', 1);
        const r = await backupSqlite(app.database, resolve(file));
        console.log(`backup written: ${resolve(file)} (${r.pages} pages)`);
      }),
    );
  program
    .command('restore <file>')
    .description('replace the SQLite database with a backup (stop the server first); checks the backup and its audit chain before replacing anything')
    .action(
      action(async (file: string) => {
        const config = loadConfig();
        if (engineOf(config.databaseUrl) !== 'sqlite') fail('restore: the database is PostgreSQL — use pg_restore (see the README)', 1);
        const source = resolve(file);
        const inspected = inspectSqliteBackup(source);
        if (!inspected.ok) fail(`FILE: ${inspected.problem}`);
        const target = sqliteFileOf(config.databaseUrl);
        let entries = 0;
        await restoreSqlite(source, target, async (copy) => {
          const probe = openDatabase({ url: copy });
          try {
            const chain = await verifyAudit(probe.db);
            if (!chain.ok) fail(`FILE: the backup's audit chain is broken at entry #${chain.seq}: ${chain.problem}`, 1);
            entries = chain.entries;
            probe.sqliteHandle!.pragma('wal_checkpoint(TRUNCATE)');
          } finally {
            await probe.close();
          }
        });
        console.log(`restored ${target} from ${source} (${entries} audit entries verified)`);
      }),
    );
}
