/**
 * `gongkai report`: generate, check and import annual reports from the command line.
 *
 *   gongkai report --org 洪江区 --year 2016 --format pdf --out 2016.pdf
 *   gongkai report check dept-2025.xlsx            exits 1 when a §6.4 check fails with an error
 *   gongkai report import other-agency-2025.csv [--parent ORG]
 *
 * Thin wrappers over the module's engine and commands. Output goes to the command's `writeOut`,
 * errors are thrown (the CLI main prints them: 2 = bad input, 1 = refused or failed).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { App } from '../../platform/module.ts';
import { systemActor } from '../../platform/context.ts';
import type { Config } from '../../platform/config.ts';
import { zipLimitsOf } from '../../platform/render/zip-guard.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { execute } from '../../platform/command.ts';
import type { Actor } from '../../platform/context.ts';
import { findOrg } from '../orgs/index.ts';
import { generateReport } from './engine/generate.ts';
import { nationalRegistry } from './formats/registry.ts';
import { checkReport } from './checks.ts';
import { describeCheck, describeProblem, readReportFile } from './io/read-file.ts';
import { importReport } from './commands/import-report.ts';
import { EXPORT_KINDS, exportReport, type ExportKind } from './export/files.ts';
import { reportCharts } from './export/charts.ts';
import { reportTitle } from './export/html.ts';
import { parseSnapshot } from './engine/generate.ts';

function fail(message: string, exitCode: number): never {
  throw Object.assign(new Error(message), { exitCode });
}

/** The operator at the terminal, named in the audit trail (as the platform's own CLI verbs do). */
function actor(): Actor {
  let who = 'operator';
  try {
    who = userInfo().username;
  } catch {
    /* no passwd entry in some containers */
  }
  return { kind: 'system', userId: null, name: `cli:${who}`, grants: [] };
}

export function registerReportCli(program: Command, open: () => Promise<App>, config?: () => Config): void {
  const report = program
    .command('report')
    .description('政府信息公开工作年度报告：生成（含汇总）、校验、导入')
    .option('--org <org>', '单位：机构代码、名称或简称')
    .option('--year <year>', '报告年度（YYYY）')
    .option('--format <format>', `输出格式：${EXPORT_KINDS.join('|')}`, 'json')
    .option('--out <file>', '写入文件（默认输出到标准输出）')
    .option('--live', '按当前记录重新计算（默认：已报送的报告输出报送时的数据）')
    .action(async (o: { org?: string; year?: string; format: string; out?: string; live?: boolean }, cmd: Command) => {
      const issues = [];
      if (!o.org) issues.push({ field: '--org', message: '请指定单位（机构代码或名称）' });
      const year = Number(o.year);
      if (!o.year || !/^\d{4}$/.test(o.year) || year < 2014) issues.push({ field: '--year', message: '请指定四位数的报告年度（2014年起）' });
      if (!(EXPORT_KINDS as readonly string[]).includes(o.format)) issues.push({ field: '--format', message: `应为 ${EXPORT_KINDS.join('、')} 之一` });
      if (issues.length) throw new ValidationError(issues);
      const app = await open();
      const ctx = app.context(systemActor());
      const db = app.database.db;
      const org = await findOrg(db, o.org!);
      if (!org) throw ValidationError.field('--org', `没有这个单位：${o.org}`);
      const g = await generateReport(ctx, org.id, year);
      const s = g.stored;
      const filed = !o.live && !!s?.snapshot && (s.status === 'submitted' || s.status === 'accepted' || s.source === 'import');
      const shown = filed ? parseSnapshot(s!.snapshot!) : g.report;
      const kind = o.format as ExportKind;
      const charts = kind === 'pdf' || kind === 'docx' ? await reportCharts(ctx, g, app.clock.today()) : [];
      const title = reportTitle(org.parentId === null ? org.shortName || org.name : org.name, year);
      const bytes = await exportReport(
        {
          report: shown,
          format: g.format,
          title,
          charts,
          createdAt: app.clock.now(),
          ...(s?.publishedAt ? { signature: { body: org.name, date: s.publishedAt.slice(0, 10) } } : {}),
        },
        kind,
      );
      if (o.out) {
        await writeFile(o.out, bytes);
        const errors = shown.checks.filter((c) => c.severity === 'error').length;
        const warn = cmd.configureOutput().writeErr ?? ((t: string) => process.stderr.write(t));
        warn(`${title}（${g.format.id}${filed ? '，报送时数据' : ''}）→ ${o.out}：${errors} 个错误，${shown.checks.length - errors} 条提示\n`);
      } else {
        process.stdout.write(bytes);
      }
    });

  report
    .command('check <file>')
    .description('校验报告文件（JSON、CSV 或 XLSX），有错误时退出码非零')
    .option('--json', '以 JSON 输出问题')
    .action(async (file: string, o: { json?: boolean }, cmd: Command) => {
      const write = cmd.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t));
      const bytes = await readFile(file).catch(() => fail(`FILE: 无法读取文件 ${file}`, 2));
      // No database (and no app) needed to check a file: the national formats.
      const registry = nationalRegistry;
      // No database needed to check a file, only the zip guard's limits from the settings.
      const parsed = await readReportFile(file, bytes, { registry, zip: config ? zipLimitsOf(config()) : undefined });
      if (!parsed.ok) {
        if (o.json) write(`${JSON.stringify({ ok: false, problems: parsed.problems }, null, 2)}\n`);
        else write(`${parsed.problems.map((p) => `错误 ${p.code}：${describeProblem(p)}`).join('\n')}\n`);
        fail(`${file}：${parsed.problems.length} 处问题，无法读取为年度报告`, 1);
      }
      const { results, skipped } = checkReport(parsed.report, { registry });
      const errors = results.filter((r) => r.severity === 'error');
      if (o.json)
        write(
          `${JSON.stringify({ ok: errors.length === 0, format: parsed.report.format, org: parsed.report.org, year: parsed.report.year, checks: results, skipped }, null, 2)}\n`,
        );
      else {
        write(`${parsed.report.org.name} ${parsed.report.year}年度（${parsed.report.format}）\n`);
        for (const r of results) write(`${describeCheck(r)}\n`);
        write(
          `${errors.length} 个错误，${results.length - errors.length} 条提示${skipped.length ? `；未执行：${skipped.map((k) => k.rule).join('、')}` : ''}\n`,
        );
      }
      if (errors.length) fail(`${file}：${errors.length} 个错误`, 1);
    });

  report
    .command('import <file>')
    .description('导入未在平台上的单位的年度报告（先校验，有问题则整份退回，不保存）')
    .option('--parent <org>', '汇总到哪个单位（默认区级）')
    .action(async (file: string, o: { parent?: string }, cmd: Command) => {
      const write = cmd.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t));
      const bytes = await readFile(file).catch(() => fail(`FILE: 无法读取文件 ${file}`, 2));
      const app = await open();
      let parentOrgId: number | null = null;
      if (o.parent) {
        const p = await findOrg(app.database.db, o.parent);
        if (!p) throw ValidationError.field('--parent', `没有这个单位：${o.parent}`);
        parentOrgId = p.id;
      }
      try {
        const r = await execute(app.context(actor()), importReport, {
          fileName: file.split('/').pop() ?? file,
          contentBase64: bytes.toString('base64'),
          parentOrgId,
        });
        write(`已导入 ${r.org.name} ${r.year}年度报告（#${r.id}${r.orgId ? `，平台单位 #${r.orgId}` : `，汇总到 #${r.parentOrgId}`}）\n`);
        for (const w of r.warnings) write(`${w}\n`);
      } catch (e) {
        if (e instanceof ValidationError) {
          for (const i of e.issues) write(`${i.message}\n`);
          fail(`${file}：${e.issues.length} 处问题，未导入（未保存任何内容）`, 1);
        }
        throw e;
      }
    });
}
