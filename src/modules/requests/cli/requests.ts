import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../../../platform/context.ts';
import { execute } from '../../../platform/command.ts';
import { isIsoDate } from '../../../kernel/dates.ts';
import { ValidationError } from '../../../kernel/errors.ts';
import { importRequests, DryRunDone, type ImportSummary } from '../commands/import-requests.ts';
import { sendReminders } from '../commands/send-reminders.ts';
import { FOLLOW_UP_LABELS, type FollowUpKind } from '../followup.ts';

/**
 * CLI verbs of the requests module (thin wrappers over its commands, acting as the system
 * operator): `gongkai requests remind` (the daily follow-up job) and `gongkai import requests FILE`
 * (historical ledgers). Output goes through the command's configured writer. `context` gives the
 * operator's context (the app composes it), so this file needs nothing from the app layer.
 */
export function registerRequestsCli(program: Command, context: () => Promise<AppContext>): void {
  const out = (cmd: Command, s: string) => (cmd.configureOutput().writeOut ?? ((x: string) => process.stdout.write(x)))(s);

  const requests = program.commands.find((c) => c.name() === 'requests') ?? program.command('requests').description('依申请公开：提醒、导入');
  requests
    .command('remind')
    .description('每日跟进：标记超期、3个工作日内到期、补正和缴费期限届满、待确认的申请，并通知各机关（同一天重复运行不重复提醒）')
    .option('--today <date>', '按指定日期计算（默认今天）')
    .option('--json', '输出 JSON')
    .action(async (o: { today?: string; json?: boolean }, cmd: Command) => {
      if (o.today !== undefined && !isIsoDate(o.today)) throw ValidationError.field('--today', `不是有效日期（YYYY-MM-DD）：${o.today}`);
      const r = await execute(await context(), sendReminders, { today: o.today ?? '' });
      if (o.json) return out(cmd, `${JSON.stringify(r, null, 2)}\n`);
      const lines = [`${r.today}：新提醒 ${r.raised} 件（今日已提醒过 ${r.alreadyRaised} 件），涉及 ${r.orgs} 个机关`];
      for (const i of r.items)
        lines.push(
          `  ${FOLLOW_UP_LABELS[i.kind as FollowUpKind]}  ${i.code}  ${i.org}  ${i.date}  ${i.workdaysLeft < 0 ? `超过 ${-i.workdaysLeft} 个工作日` : `剩余 ${i.workdaysLeft} 个工作日`}`,
        );
      out(cmd, `${lines.join('\n')}\n`);
    });

  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('导入历史数据');
  imp
    .command('requests <file>')
    .description('导入依申请公开历史台账（JSONL、CSV 或 XLSX，格式见 docs/requests-import.md）：逐行检查，有问题则按行和字段列出、不写入任何数据')
    .option('--org <org>', '文件中未写受理机关时使用的机关（名称、简称或机构代码）')
    .option('--dry-run', '只检查，不写入')
    .option('--json', '输出 JSON')
    .action(async (file: string, o: { org?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (e) {
        throw ValidationError.field('FILE', `无法读取文件：${(e as Error).message}`);
      }
      const ctx = await context();
      let summary: ImportSummary;
      try {
        summary = await execute(ctx, importRequests, { filename: basename(file), content: new Uint8Array(content), defaultOrg: o.org, dryRun: !!o.dryRun });
      } catch (e) {
        if (!(e instanceof DryRunDone)) throw e;
        summary = e.summary;
      }
      if (o.json) return out(cmd, `${JSON.stringify(summary, null, 2)}\n`);
      out(
        cmd,
        `${summary.dryRun ? '检查通过（未写入）' : '导入完成'}：共 ${summary.rows} 行，${summary.dryRun ? '可导入' : '导入'} ${summary.imported} 件，已导入过而跳过 ${summary.skipped} 件（文件 sha256 ${summary.sha256.slice(0, 16)}…）\n`,
      );
    });
}
