import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CliDeps } from '../../platform/module.ts';
import { ValidationError } from '../../kernel/errors.ts';

/**
 * `gongkai powers import FILE` (with a progress bar on the terminal), `gongkai powers export
 * --format xlsx|csv|jsonl [--out F]` and `gongkai powers counts --org ORG --year YYYY [--json]`:
 * thin wrappers over the import command, the exporter and the powerCounts port, acting as the
 * system operator. Heavy modules load inside the actions.
 */
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
  const PHASES: Record<string, string> = { checking: '检查', writing: '写入' };
  return {
    update(p: { phase: string; done: number; total: number }) {
      if (!started) {
        bar.start(p.total, 0, { phase: PHASES[p.phase] ?? p.phase });
        started = true;
      }
      if (p.phase !== phase) {
        phase = p.phase;
        bar.setTotal(p.total);
      }
      bar.update(p.done, { phase: PHASES[p.phase] ?? p.phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function registerPowersCli(program: Command, deps: CliDeps): void {
  const powers = program.commands.find((c) => c.name() === 'powers') ?? program.command('powers').description('权力清单：导入、导出、统计');

  powers
    .command('import <file>')
    .description('导入权力清单（XLSX、CSV 或 JSONL，一行一条处置记录，表头见导入格式）：逐行检查，有问题则按行和字段列出、不写入任何数据')
    .option('--format <format>', 'jsonl | csv | xlsx（默认按文件扩展名）')
    .action(async (file: string, o: { format?: string }) => {
      const { formatOfName, readPowerFile } = await import('./import/read.ts');
      const format = (o.format ?? formatOfName(file)) as 'jsonl' | 'csv' | 'xlsx' | undefined;
      if (!format || !['jsonl', 'csv', 'xlsx'].includes(format)) usage(`--format：无法判断 ${file} 的格式，请用 --format jsonl|csv|xlsx`);
      const bytes = await readFile(file).catch(() => usage(`FILE：无法读取 ${file}`));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const app = await deps.open();
      const { zipLimitsOf } = await import('../../platform/render/zip-guard.ts');
      const { records, problems } = await readPowerFile(bytes, format, { fileName: basename(file), zip: zipLimitsOf(app.config) });
      const { execute } = await import('../../platform/command.ts');
      const { importPowersCommand, PowerImportError } = await import('./commands/import-powers.ts');
      const bar = await progressBar('导入权力清单');
      const t0 = performance.now();
      try {
        const r = await execute(
          await deps.operator(),
          importPowersCommand((p) => bar.update(p)),
          { source: { name: basename(file), sha256, format }, records, readProblems: problems },
        );
        bar.stop();
        console.log(
          `导入 ${r.powers} 项权力、${r.dispositions} 条处置记录（${r.rows} 行；已在清单中且内容相同 ${r.unchanged} 项）；${((performance.now() - t0) / 1000).toFixed(1)} 秒。文件 SHA-256 ${sha256.slice(0, 16)}…`,
        );
      } catch (e) {
        bar.stop();
        if (e instanceof PowerImportError) {
          for (const p of e.problems) console.error(`第${p.line}行 ${p.field}：${p.message}`);
          console.error(`未导入：${e.problems.length} 处问题，没有写入任何数据`);
          process.exitCode = 1;
          return;
        }
        if (e instanceof ValidationError) {
          for (const i of e.issues) console.error(`${i.field}：${i.message}`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });

  powers
    .command('export')
    .description('按导入格式导出权力清单（导出的文件可原样再导入）')
    .option('--format <format>', 'jsonl | csv | xlsx', 'jsonl')
    .option('--out <file>', '写入文件（默认标准输出；xlsx 必须指定）')
    .action(async (o: { format: string; out?: string }) => {
      if (!['jsonl', 'csv', 'xlsx'].includes(o.format)) usage(`--format：应为 jsonl、csv 或 xlsx：${o.format}`);
      if (o.format === 'xlsx' && !o.out) usage('--out：导出 XLSX 须指定文件名');
      const app = await deps.open();
      const { exportPowers } = await import('./import/write.ts');
      const chunks: Buffer[] = [];
      const write = o.out ? (c: string | Buffer) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)) : (c: string | Buffer) => process.stdout.write(c);
      const n = await exportPowers(app.database.db, o.format as 'jsonl', write);
      if (o.out) await writeFile(o.out, Buffer.concat(chunks));
      console.error(`导出 ${n} 行${o.out ? ` 到 ${o.out}` : ''}`);
    });

  powers
    .command('counts')
    .description('权力清单统计：年末各类权力数、当年取消和下放数（含下属机构）')
    .requiredOption('--org <org>', '机构（名称、简称、机构代码或编号）')
    .requiredOption('--year <year>', '年度')
    .option('--json', '输出 JSON')
    .action(async (o: { org: string; year: string; json?: boolean }) => {
      if (!/^\d{4}$/.test(o.year)) usage(`--year：不是年份：${o.year}`);
      const app = await deps.open();
      const { findOrg } = await import('../orgs/index.ts');
      const org = await findOrg(app.database.db, o.org);
      if (!org) usage(`--org：找不到机构：${o.org}`);
      const { powerCounts } = await import('./ports.ts');
      const c = await powerCounts.summary(app.database.db, org.id, Number(o.year));
      if (o.json) return void process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
      const total = Object.values(c.byCategory).reduce((a, b) => a + b, 0);
      const lines = [`${org.name} ${o.year}年末权力事项 ${total} 项：`, ...Object.entries(c.byCategory).map(([k, v]) => `  ${k} ${v}`)];
      lines.push(`当年取消 ${c.cancelled} 项；下放至乡镇（街道）${c.delegated} 项，其中全程办理 ${c.delegatedFull} 项、代办 ${c.delegatedProxy} 项`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
