import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { App } from '../../platform/module.ts';
import type { Actor } from '../../platform/context.ts';
import type { ImportResult } from './commands/import-items.ts';
import { ValidationError } from '../../kernel/errors.ts';

/**
 * `gongkai import catalogue FILE`, `gongkai export catalogue`, `gongkai reindex`: thin wrappers over
 * the import command, the exporter and the search index rebuild, with progress bars on a terminal.
 * Heavy modules load inside the actions, so other verbs do not pay for them.
 */
function operator(): Actor {
  let who = 'operator';
  try {
    who = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return { kind: 'system', userId: null, name: `cli:${who}`, grants: [] };
}

function usage(message: string): never {
  throw Object.assign(new Error(message), { exitCode: 2 });
}

async function progressBar(label: string) {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} {phase}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    update(p: { phase: string; done: number; total: number }) {
      if (!started) {
        bar.start(p.total, 0, { phase: p.phase });
        started = true;
      }
      if (p.phase !== phase) {
        phase = p.phase;
        bar.setTotal(p.total);
      }
      bar.update(p.done, { phase: p.phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerCatalogueCli(program: Command, open: () => Promise<App>): void {
  group(program, 'import', 'import records from files')
    .command('catalogue <file>')
    .description('import catalogue items from JSONL, CSV or XLSX (docs/catalogue-import.md); problems are reported by line and field')
    .option('--format <format>', 'jsonl | csv | xlsx (default: from the file name)')
    .option('--all-or-nothing', 'import nothing if any record has a problem')
    .action(async (file: string, o: { format?: string; allOrNothing?: boolean }) => {
      const { formatOfName, readRecords } = await import('./io/read.ts');
      const format = (o.format ?? formatOfName(file)) as 'jsonl' | 'csv' | 'xlsx' | undefined;
      if (!format || !['jsonl', 'csv', 'xlsx'].includes(format)) usage(`--format: cannot tell the format of ${file}: use --format jsonl|csv|xlsx`);
      const bytes = await readFile(file).catch(() => usage(`FILE: cannot read ${file}`));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const app = await open();
      const { zipLimitsOf } = await import('../../platform/render/zip-guard.ts');
      const { records, problems } = await readRecords(bytes, format, { fileName: basename(file), zip: zipLimitsOf(app.config) });
      const { execute } = await import('../../platform/command.ts');
      const { importCommand } = await import('./commands/import-items.ts');
      const bar = await progressBar('导入');
      const t0 = performance.now();
      let result: ImportResult;
      try {
        result = await execute(
          app.context(operator()),
          importCommand((p) => bar.update(p)),
          { source: { name: basename(file), sha256, format }, records, readProblems: problems, allOrNothing: !!o.allOrNothing, origin: 'import' },
        );
      } catch (e) {
        bar.stop();
        if (e instanceof ValidationError) {
          for (const i of e.issues) console.error(`${i.field}：${i.message}`);
          console.error(`未导入：${e.issues.length} 处问题（--all-or-nothing）`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      bar.stop();
      for (const p of result.problems) console.error(`第${p.line}行 ${p.field}：${p.message}`);
      const secs = (performance.now() - t0) / 1000;
      console.log(
        `导入 ${result.imported} 条（其中已发布 ${result.published} 条），拒绝 ${result.rejected} 条，共 ${result.total} 条；${secs.toFixed(1)} 秒${result.imported ? `，${Math.round(result.imported / secs)} 条/秒` : ''}。文件 SHA-256 ${sha256.slice(0, 16)}…`,
      );
      if (result.rejected) process.exitCode = 1;
    });

  group(program, 'export', 'export records to files')
    .command('catalogue')
    .description('export the catalogue in the import format')
    .option('--format <format>', 'jsonl | csv | xlsx', 'jsonl')
    .option('--out <file>', 'write to this file (default: standard output; required for xlsx)')
    .option('--year <year>', 'only items published in this year')
    .option('--org <org>', 'only this org and the orgs under it')
    .option('--all', 'every item, drafts included (default: published items)')
    .action(async (o: { format: string; out?: string; year?: string; org?: string; all?: boolean }) => {
      if (!['jsonl', 'csv', 'xlsx'].includes(o.format)) usage(`--format: must be jsonl, csv or xlsx: ${o.format}`);
      if (o.format === 'xlsx' && !o.out) usage('--out: an XLSX export needs a file name');
      if (o.year && !/^\d{4}$/.test(o.year)) usage(`--year: not a year: ${o.year}`);
      const app = await open();
      const { exportCatalogue } = await import('./io/write.ts');
      const { findOrg, listOrgs } = await import('../orgs/index.ts');
      let orgIds: number[] | undefined;
      if (o.org) {
        const org = await findOrg(app.database.db, o.org);
        if (!org) usage(`--org: no such org: ${o.org}`);
        orgIds = (await listOrgs(app.database.db, { includeInactive: true })).filter((x) => x.path.startsWith(org.path)).map((x) => x.id);
      }
      const chunks: Buffer[] = [];
      const write = o.out ? (c: string | Buffer) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)) : (c: string | Buffer) => process.stdout.write(c);
      const n = await exportCatalogue(app.database.db, o.format as 'jsonl', write, { all: o.all, year: o.year ? Number(o.year) : undefined, orgIds });
      if (o.out) await writeFile(o.out, Buffer.concat(chunks));
      console.error(`导出 ${n} 条${o.out ? ` 到 ${o.out}` : ''}`);
    });

  program
    .command('reindex')
    .description('rebuild the search index from the published catalogue')
    .action(async () => {
      const app = await open();
      const { reindex } = await import('../../platform/search/index.ts');
      const { allSearchDocs, countPublic } = await import('./search-index.ts');
      const total = await countPublic(app.database.db);
      const bar = await progressBar('重建索引');
      const r = await reindex(app.database.db, allSearchDocs(app.database.db), (p) => bar.update({ phase: p.phase, done: p.done, total }));
      bar.stop();
      console.log(`已重建检索索引：${r.docs} 条，${(r.ms / 1000).toFixed(1)} 秒`);
    });
}
