import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../../platform/context.ts';
import { execute } from '../../platform/command.ts';
import { importRequests, DryRunDone, type ImportSummary } from './commands/import-requests.ts';
import { sendReminders } from './commands/send-reminders.ts';
import { FOLLOW_UP_LABELS, type FollowUpKind } from './followup.ts';
import { isIsoDate, type IsoDate } from '../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import type { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { computeClock, workdaysLeft, type ClockInput, type ClockResult, type Pause } from './deadlines.ts';
import { isRegime, rulesFor } from './regimes.ts';

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

/**
 * `gongkai clock`: the answer deadline of a disclosure request from its dates, with the reasons a
 * clerk can check against the official holiday notice. A thin wrapper over `computeClock`.
 *
 *   gongkai clock --received 2016-09-30
 *   gongkai clock --received 2019-06-03 --corrected 2019-06-10 --pause 2019-06-12:2019-06-20 --extend --json
 *
 * Bad input throws a ValidationError naming the option (the CLI main prints it and exits 2).
 * Output goes through the command's configured `writeOut` (commander's `configureOutput`).
 */
export function registerClockCommand(program: Command, getCalendar: () => Promise<WorkCalendar>): Command {
  return program
    .command('clock')
    .description('计算依申请公开的答复期限（工作日、调休、补正、征求意见、延期）')
    .option('--received <date>', '收到申请之日（法定收到日期，YYYY-MM-DD；必填）')
    .option('--regime <regime>', '条例版本 2008 或 2019（默认按收到日期：2019-05-15 起适用 2019）')
    .option('--correction-notice <date>', '告知补正之日')
    .option('--corrected <date>', '收到补正后申请之日（答复期限自该日重新计算）')
    .option('--correction-period <days>', '补正期限（工作日，本地口径，默认 15）')
    .option('--pause <from:to[:kind]>', '征求意见期间（不计入答复期限），可重复；kind 为 third_party（默认）或 other_agency；to 留空表示尚未回复', collect)
    .option('--extend [days]', '延长答复期限（默认最长：2008 为 15，2019 为 20 个工作日）')
    .option('--reasonable-deadline <date>', '依 2019 条例第三十五条确定的延迟答复合理期限')
    .option('--today <date>', '显示距期限还有几个工作日')
    .option('--json', '输出 JSON')
    .action(async (opts: ClockOptions, cmd: Command) => {
      const { input, today } = parseOptions(opts);
      const cal = await getCalendar();
      let result: ClockResult;
      try {
        result = computeClock(cal, input);
      } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(e.issues.map((i) => ({ field: optionFor(i.field), message: i.message })));
        throw e;
      }
      const left = today && result.status === 'running' ? workdaysLeft(cal, today, result.answerBy) : undefined;
      const write = cmd.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
      write(
        opts.json ? `${JSON.stringify(left === undefined ? result : { ...result, today, workdaysLeft: left }, null, 2)}\n` : renderText(result, today, left),
      );
    });
}

interface ClockOptions {
  received?: string;
  regime?: string;
  correctionNotice?: string;
  corrected?: string;
  correctionPeriod?: string;
  pause?: string[];
  extend?: string | boolean;
  reasonableDeadline?: string;
  today?: string;
  json?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Turn option strings into a ClockInput, naming the option in every error. */
export function parseOptions(opts: ClockOptions): { input: ClockInput; today?: IsoDate } {
  const issues: FieldIssue[] = [];
  const dateOpt = (name: string, v: string | undefined): IsoDate | undefined => {
    if (v === undefined) return undefined;
    if (isIsoDate(v)) return v;
    issues.push({ field: name, message: `不是有效日期（YYYY-MM-DD）：${v}` });
    return undefined;
  };
  const intOpt = (name: string, v: string): number | undefined => {
    if (/^\d+$/.test(v)) return Number(v);
    issues.push({ field: name, message: `须为正整数个工作日：${v}` });
    return undefined;
  };

  if (opts.received === undefined) issues.push({ field: '--received', message: '必须填写收到申请之日（YYYY-MM-DD）' });
  const receivedOn = dateOpt('--received', opts.received);
  if (opts.regime !== undefined && !isRegime(opts.regime)) issues.push({ field: '--regime', message: `应为 2008 或 2019：${opts.regime}` });
  const noticeOn = dateOpt('--correction-notice', opts.correctionNotice);
  const correctedOn = dateOpt('--corrected', opts.corrected);
  const periodDays = opts.correctionPeriod === undefined ? undefined : intOpt('--correction-period', opts.correctionPeriod);
  const reasonableDeadline = dateOpt('--reasonable-deadline', opts.reasonableDeadline);
  const today = dateOpt('--today', opts.today);

  const pauses: Pause[] = [];
  for (const raw of opts.pause ?? []) {
    const [from, to, kind = 'third_party', ...rest] = raw.split(':');
    if (to === undefined || rest.length || (kind !== 'third_party' && kind !== 'other_agency')) {
      issues.push({ field: '--pause', message: `格式为 发出日:回复日[:third_party|other_agency]，尚未回复写作 发出日:：${raw}` });
      continue;
    }
    const f = dateOpt('--pause', from);
    const t = to === '' ? undefined : dateOpt('--pause', to);
    if (f === undefined || (to !== '' && t === undefined)) continue;
    pauses.push({ from: f, ...(t ? { to: t } : {}), kind });
  }

  let extension: ClockInput['extension'];
  if (opts.extend === true) extension = {};
  else if (typeof opts.extend === 'string') {
    const d = intOpt('--extend', opts.extend);
    if (d !== undefined) extension = { days: d };
  }
  if (issues.length || receivedOn === undefined) throw new ValidationError(issues);

  const input: ClockInput = { receivedOn };
  if (opts.regime !== undefined && isRegime(opts.regime)) input.regime = opts.regime;
  if (noticeOn || correctedOn || periodDays !== undefined)
    input.correction = { ...(noticeOn ? { noticeOn } : {}), ...(correctedOn ? { correctedOn } : {}), ...(periodDays !== undefined ? { periodDays } : {}) };
  if (pauses.length) input.pauses = pauses;
  if (extension) input.extension = extension;
  if (reasonableDeadline) input.reasonableDeadline = reasonableDeadline;
  return { input, ...(today ? { today } : {}) };
}

/** computeClock's field names → the option a CLI user typed. */
function optionFor(field: string): string {
  if (field.startsWith('pauses')) return '--pause';
  const map: Record<string, string> = {
    receivedOn: '--received',
    regime: '--regime',
    correction: '--corrected',
    'correction.noticeOn': '--correction-notice',
    'correction.correctedOn': '--corrected',
    'correction.periodDays': '--correction-period',
    'extension.days': '--extend',
    reasonableDeadline: '--reasonable-deadline',
  };
  return map[field] ?? field;
}

function renderText(r: ClockResult, today: IsoDate | undefined, left: number | undefined): string {
  const rules = rulesFor(r.regime);
  const lines = [
    `适用条例：${r.regime}年版（${rules.instrument}），答复期限 ${r.baseDays} 个工作日，最长可延长 ${r.maxExtensionDays} 个工作日`,
    `收到申请：${r.receivedOn}`,
  ];
  if (r.status === 'awaiting_correction') {
    lines.push('状态：等待补正，答复期限暂不计算');
    if (r.correctionPeriodEnds) lines.push(`补正期限届满：${r.correctionPeriodEnds}`);
  } else {
    if (r.start !== r.receivedOn) lines.push(`重新起算：${r.start}（收到补正后的申请）`);
    if (r.pausedWorkdays) lines.push(`不计入的征求意见时间：${r.pausedWorkdays} 个工作日${r.hasPendingConsultation ? '（含尚未回复的估计）' : ''}`);
    lines.push(`答复期限：${r.due}`);
    if (r.extendedDue) lines.push(`延长后期限：${r.extendedDue}（延长 ${r.extensionDays} 个工作日）`);
    if (r.reasonableDeadline) lines.push(`合理期限（第三十五条）：${r.reasonableDeadline}`);
    if (today && left !== undefined)
      lines.push(left >= 0 ? `截至 ${today}：距 ${r.answerBy} 还有 ${left} 个工作日` : `截至 ${today}：已超过 ${r.answerBy} ${-left} 个工作日`);
  }
  if (r.provisional) lines.push(`暂定：${r.provisionalYears.map((y) => `${y}年`).join('、')}节假日安排未载入，日期须复核`);
  lines.push('', '计算说明：', ...r.explain.map((l, i) => `  ${i + 1}. ${l}`));
  return `${lines.join('\n')}\n`;
}
