import { z } from 'zod';
import { defineSetting } from '../../platform/settings/settings.ts';
import type { SignalLevel } from './ports.ts';

/**
 * The supervision rules are data, not code (services.md §3): each time rule is
 * `basis (legal | promised | step) × unit (working | calendar days) × threshold → level`, and the
 * district picks one of the two colour conventions of §3 as a starting point, then edits freely.
 */

export type RaisedLevel = Exclude<SignalLevel, 'none'>;
export const RAISED_LEVELS = ['warning', 'yellow', 'red'] as const satisfies readonly RaisedLevel[];
export const LEVEL_LABELS: Record<SignalLevel, string> = { none: '未触发', warning: '预警', yellow: '黄牌', red: '红牌' };
export const LEVEL_RANK: Record<SignalLevel, number> = { none: 0, warning: 1, yellow: 2, red: 3 };

export type Basis = 'legal' | 'promised' | 'step';
export const BASIS_LABELS: Record<Basis, string> = { legal: '法定办结时限', promised: '承诺办结时限', step: '环节时限' };
export type Unit = 'working' | 'calendar';
export const UNIT_LABELS: Record<Unit, string> = { working: '工作日', calendar: '自然日' };

/**
 * Where on the limit a rule fires: `offset` days from the limit's last day (−1 = the day before it,
 * +1 = the first day after it, counted in the rule's unit, suspended days skipped), or `percent` of
 * the limit elapsed (90 = the day on which 90 % of it has been used, rounded up to a whole day).
 */
export type Threshold = { kind: 'offset'; days: number } | { kind: 'percent'; percent: number };

export interface TimeRule {
  /** The signal's rule key (one signal per subject × key): `time.warning`, `time.yellow`, `time.red`… */
  key: string;
  basis: Basis;
  unit: Unit;
  threshold: Threshold;
  level: RaisedLevel;
}

/** 'a' 成都、玉林: 黄牌 = close to the limit, 红牌 = overdue; 'b' 湛江: 黄牌 = overdue, 红牌 = unfinished after the supervision deadline. */
export type Convention = 'a' | 'b' | 'custom';
export const CONVENTION_LABELS: Record<Convention, string> = {
  a: '黄牌为临近时限、红牌为超时（成都、玉林做法）',
  b: '黄牌为超时、红牌为督办期限后仍未办结（湛江做法）',
  custom: '自定义',
};

/** The non-time rules of services.md §3, with the level each raises (a raising module may override). */
export const ANOMALY_RULES = {
  'refusal-without-reasons': '不予受理未说明理由',
  'step-over-limit': '环节超过其时限',
  'fee-off-standard': '收费与办事指南的标准不符',
  'offline-should-be-online': '应网上办理的事项在线下办理',
} as const;
export type AnomalyRule = keyof typeof ANOMALY_RULES;

export interface SupervisionRules {
  convention: Convention;
  rules: TimeRule[];
  anomalies: Record<AnomalyRule, RaisedLevel>;
}

const levelSchema = z.enum(RAISED_LEVELS, { errorMap: () => ({ message: '等级应为 warning（预警）、yellow（黄牌）或 red（红牌）' }) });

const thresholdSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('offset'),
      days: z
        .number({ invalid_type_error: '天数应为整数', required_error: '请填写天数' })
        .int('天数应为整数')
        .min(-30, '时限前最多30天')
        .max(90, '时限后最多90天'),
    }),
    z.object({
      kind: z.literal('percent'),
      percent: z
        .number({ invalid_type_error: '百分比应为整数', required_error: '请填写百分比' })
        .int('百分比应为整数')
        .min(1, '百分比应在1–300之间')
        .max(300, '百分比应在1–300之间'),
    }),
  ],
  { errorMap: () => ({ message: '触发点应为 offset（距时限届满日的天数）或 percent（已用时限的百分比）' }) },
);

export const timeRuleSchema = z.object({
  key: z
    .string({ required_error: '请填写规则代码' })
    .trim()
    .regex(/^[a-z][a-z0-9.-]{1,39}$/, '规则代码应为2–40位小写字母、数字、点或连字符，以字母开头（如 time.yellow）'),
  basis: z.enum(['legal', 'promised', 'step'], { errorMap: () => ({ message: '依据应为 legal（法定时限）、promised（承诺时限）或 step（环节时限）' }) }),
  unit: z.enum(['working', 'calendar'], { errorMap: () => ({ message: '计算单位应为 working（工作日）或 calendar（自然日）' }) }),
  threshold: thresholdSchema,
  level: levelSchema,
});

export const rulesSchema = z
  .object({
    convention: z.enum(['a', 'b', 'custom'], { errorMap: () => ({ message: '做法应为 a、b 或 custom' }) }),
    rules: z.array(timeRuleSchema).max(20, '时限规则至多20条'),
    anomalies: z.object(Object.fromEntries(Object.keys(ANOMALY_RULES).map((k) => [k, levelSchema])) as Record<AnomalyRule, typeof levelSchema>).strict(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rules.forEach((r, i) => {
      if (seen.has(r.key)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'key'], message: `规则代码重复：${r.key}` });
      if (r.key in ANOMALY_RULES) ctx.addIssue({ code: 'custom', path: ['rules', i, 'key'], message: `规则代码与非时限规则重名：${r.key}` });
      seen.add(r.key);
    });
  }) as unknown as z.ZodType<SupervisionRules, z.ZodTypeDef, unknown>;

const DEFAULT_ANOMALIES: Record<AnomalyRule, RaisedLevel> = {
  'refusal-without-reasons': 'yellow',
  'step-over-limit': 'warning',
  'fee-off-standard': 'yellow',
  'offline-should-be-online': 'warning',
};

/** The two conventions of services.md §3 as presets. 'b' with a 预警 is the default. */
export const PRESETS: Record<Exclude<Convention, 'custom'>, SupervisionRules> = {
  // (a) 成都、玉林: 黄牌 one working day before the promised limit, 红牌 once it has passed.
  a: {
    convention: 'a',
    rules: [
      { key: 'time.yellow', basis: 'promised', unit: 'working', threshold: { kind: 'offset', days: -1 }, level: 'yellow' },
      { key: 'time.red', basis: 'promised', unit: 'working', threshold: { kind: 'offset', days: 1 }, level: 'red' },
    ],
    anomalies: DEFAULT_ANOMALIES,
  },
  // (b) 湛江, the default of services.md §3: 预警 the working day before the promised limit, 黄牌 on the
  // first working day after it, 红牌 when still unfinished on the fifth working day after it.
  b: {
    convention: 'b',
    rules: [
      { key: 'time.warning', basis: 'promised', unit: 'working', threshold: { kind: 'offset', days: -1 }, level: 'warning' },
      { key: 'time.yellow', basis: 'promised', unit: 'working', threshold: { kind: 'offset', days: 1 }, level: 'yellow' },
      { key: 'time.red', basis: 'promised', unit: 'working', threshold: { kind: 'offset', days: 5 }, level: 'red' },
    ],
    anomalies: DEFAULT_ANOMALIES,
  },
};

export const DEFAULT_RULES: SupervisionRules = PRESETS.b;

export const rulesSetting = defineSetting<SupervisionRules>({
  key: 'supervision.rules',
  group: '电子监察',
  label: '电子监察规则（预警、黄牌、红牌）',
  help: '每条时限规则：依据（法定、承诺或环节时限）× 计算单位（工作日或自然日）× 触发点（距届满日的天数或已用时限的百分比）→ 等级。两种做法可选：a 黄牌为临近时限、红牌为超时（成都、玉林）；b 黄牌为超时、红牌为督办期限后仍未办结（湛江）。默认：承诺时限届满前一个工作日预警，届满后第一个工作日黄牌，第五个工作日红牌。可在“电子监察 › 监察规则”页面逐项修改。',
  schema: rulesSchema,
  default: DEFAULT_RULES,
  local: true,
});

/** Working days a department has to answer a 督办 by default (local practice; each notice may set its own). */
export const answerDaysSetting = defineSetting<number>({
  key: 'supervision.answerDays',
  group: '电子监察',
  label: '督办回复期限（工作日）',
  help: '签发督办单时默认的回复期限，自签发次日起按工作日计算；签发时可逐件调整。',
  schema: z.number().int().min(1).max(30),
  default: 3,
  local: true,
});

/** A one-line description of a rule, as the rules page and the explanation print it. */
export function describeRule(r: TimeRule): string {
  const unit = UNIT_LABELS[r.unit];
  const at =
    r.threshold.kind === 'percent'
      ? `已用${BASIS_LABELS[r.basis]}的${r.threshold.percent}%时`
      : r.threshold.days === 0
        ? `${BASIS_LABELS[r.basis]}届满当日`
        : r.threshold.days < 0
          ? `${BASIS_LABELS[r.basis]}届满前第${-r.threshold.days}个${unit}`
          : `${BASIS_LABELS[r.basis]}届满后第${r.threshold.days}个${unit}`;
  return `${at}${LEVEL_LABELS[r.level]}`;
}

/** A signal's rule in words, for pages (no rule keys shown to staff). */
export function ruleLabel(rules: SupervisionRules, key: string): string {
  const t = rules.rules.find((r) => r.key === key);
  if (t) return describeRule(t);
  if (key in ANOMALY_RULES) return ANOMALY_RULES[key as AnomalyRule];
  if (key === 'notice.overdue') return '督办逾期未回复';
  return '其他监察规则';
}
