import type { Command } from 'commander';
import { isIsoDate, type IsoDate } from '../../../kernel/dates.ts';
import { ValidationError, type FieldIssue } from '../../../kernel/errors.ts';
import type { WorkCalendar } from '../../../platform/calendar/working-days.ts';
import { computeClock, workdaysLeft, type ClockInput, type ClockResult, type Pause } from '../deadlines.ts';
import { isRegime, rulesFor } from '../regimes.ts';

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
