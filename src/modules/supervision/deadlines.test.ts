import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../kernel/errors.ts';
import { WorkCalendar } from '../../platform/calendar/working-days.ts';
import { computeClock } from './deadlines.ts';
import type { ClockInput } from './ports.ts';
import { PRESETS, DEFAULT_RULES, rulesSchema, type SupervisionRules } from './settings.ts';

const cal = new WorkCalendar();
const clock = (input: Partial<ClockInput> & Pick<ClockInput, 'acceptedOn' | 'promisedDays'>, asOf: string, rules: SupervisionRules = DEFAULT_RULES) =>
  computeClock(cal, rules, { suspensions: [], ...input }, asOf);

function rejects(fn: () => unknown, field: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValidationError, String(e));
    const hit = e.issues.find((i) => i.field === field);
    assert.ok(hit, `expected an issue on ${field}, got ${JSON.stringify(e.issues)}`);
    if (message) assert.match(hit.message, message);
    return true;
  });
}

// ── 国庆 2016: 10-01 至 10-07 放假, 10-08 (星期六) 与 10-09 (星期日) 调休上班 ──

test('a 3-day limit accepted on Thursday 2016-09-29 runs across 国庆 and ends on the make-up Sunday; 预警 on the make-up Saturday, 黄牌 on Monday, 红牌 on the fifth working day after', () => {
  const r = clock({ acceptedOn: '2016-09-29', promisedDays: 3 }, '2016-10-20');
  assert.equal(r.due, '2016-10-09');
  assert.equal(r.warnOn, '2016-10-08');
  assert.equal(r.yellowOn, '2016-10-10');
  assert.equal(r.redOn, '2016-10-14');
  assert.equal(r.level, 'red');
  assert.equal(r.provisional, false);
  const text = r.explain.join('\n');
  assert.match(text, /受理日期：2016-09-29（星期四），当日不计入，自次日起算/);
  assert.match(text, /2016-09-30（星期五）第1个工作日/);
  assert.match(text, /2016-10-01 至 2016-10-07 国庆节，不计/);
  assert.match(text, /2016-10-08 国庆节调休上班（星期六），计入：第2个工作日　← 预警/);
  assert.match(text, /2016-10-09 国庆节调休上班（星期日），计入：第3个工作日　← 承诺时限届满/);
  assert.match(text, /2016-10-10（星期一）超过承诺时限第1个工作日　← 黄牌/);
  assert.match(text, /2016-10-14（星期五）超过承诺时限第5个工作日　← 红牌/);
});

test('the level follows the day: before the warning none, on it 预警, on the due day still 预警, the day after 黄牌', () => {
  const at = (asOf: string) => clock({ acceptedOn: '2016-09-29', promisedDays: 3 }, asOf).level;
  assert.equal(at('2016-10-07'), 'none');
  assert.equal(at('2016-10-08'), 'warning');
  assert.equal(at('2016-10-09'), 'warning');
  assert.equal(at('2016-10-10'), 'yellow');
  assert.equal(at('2016-10-13'), 'yellow');
  assert.equal(at('2016-10-14'), 'red');
});

// ── Suspensions: both ends excluded ──

test('a suspension (特别程序 not counted) moves the limit by its working days, both ends included', () => {
  const plain = clock({ acceptedOn: '2026-11-02', promisedDays: 5 }, '2026-11-02');
  assert.equal(plain.due, '2026-11-09');
  const r = clock({ acceptedOn: '2026-11-02', promisedDays: 5, suspensions: [{ from: '2026-11-04', to: '2026-11-05' }] }, '2026-11-02');
  // 11-03 (1), 11-04 and 11-05 suspended, 11-06 (2), weekend, 11-09 (3), 11-10 (4), 11-11 (5).
  assert.equal(r.due, '2026-11-11');
  assert.equal(r.warnOn, '2026-11-10');
  assert.equal(r.yellowOn, '2026-11-12');
  assert.ok(
    r.explain.some((l) => l === '2026-11-04 至 2026-11-05 暂停计时，不计'),
    r.explain.join('\n'),
  );
  // A one-day suspension on the last day pushes the due day by one working day.
  const one = clock({ acceptedOn: '2026-11-02', promisedDays: 5, suspensions: [{ from: '2026-11-09', to: '2026-11-09' }] }, '2026-11-02');
  assert.equal(one.due, '2026-11-10');
  // Overlapping suspensions do not count a day twice.
  const twice = clock(
    {
      acceptedOn: '2026-11-02',
      promisedDays: 5,
      suspensions: [
        { from: '2026-11-04', to: '2026-11-05' },
        { from: '2026-11-05', to: '2026-11-05' },
      ],
    },
    '2026-11-02',
  );
  assert.equal(twice.due, '2026-11-11');
});

test('a suspension after the limit also holds back the 黄牌 and 红牌 (suspended days are not counted by any rule)', () => {
  const r = clock({ acceptedOn: '2026-11-02', promisedDays: 5, suspensions: [{ from: '2026-11-10', to: '2026-11-12' }] }, '2026-11-02');
  assert.equal(r.due, '2026-11-09');
  assert.equal(r.yellowOn, '2026-11-13');
});

// ── Finished cases ──

test('a case finished early reaches nothing; finished on the warning day it has reached 预警; finished after the limit, 黄牌', () => {
  const base = { acceptedOn: '2016-09-29', promisedDays: 3 } as const;
  const early = clock({ ...base, finishedOn: '2016-09-30' }, '2016-12-31');
  assert.equal(early.level, 'none');
  assert.equal(early.due, '2016-10-09');
  assert.ok(early.explain.some((l) => l.includes('← 办结')));
  assert.match(early.explain.at(-1)!, /截至办结日 2016-09-30，未触发任何信号/);
  assert.equal(clock({ ...base, finishedOn: '2016-10-08' }, '2016-12-31').level, 'warning');
  assert.equal(clock({ ...base, finishedOn: '2016-10-09' }, '2016-12-31').level, 'warning');
  const late = clock({ ...base, finishedOn: '2016-10-10' }, '2016-12-31');
  assert.equal(late.level, 'yellow');
  assert.deepEqual(
    late.signals?.map((s) => [s.rule, s.reached]),
    [
      ['time.warning', true],
      ['time.yellow', true],
      ['time.red', false],
    ],
  );
});

// ── Provisional years ──

test('a limit running into 2027, whose State Council schedule is not loaded, is provisional: 元旦 computed from the 办法, said so', () => {
  const r = clock({ acceptedOn: '2026-12-25', promisedDays: 10 }, '2026-12-25');
  assert.equal(r.provisional, true);
  // 12-28 (1), 12-29, 12-30, 12-31 (4), 2027-01-01 元旦, weekend, 01-04 … 01-08 (9), weekend, 01-11 (10).
  assert.equal(r.due, '2027-01-11');
  assert.ok(r.explain.some((l) => l.startsWith('2027-01-01 元旦，不计')));
  assert.match(r.explain.at(-1)!, /2027年的国务院节假日安排尚未载入日历/);
  // Loaded by the administrators (the notice entered): no longer provisional.
  const loaded = computeClock(
    new WorkCalendar({ overrides: new Map(), loadedYears: new Set([2027]) }),
    DEFAULT_RULES,
    { acceptedOn: '2026-12-25', promisedDays: 10, suspensions: [] },
    '2026-12-25',
  );
  assert.equal(loaded.provisional, false);
  // A limit that ends within 2026 is not provisional even when accepted late in the year.
  assert.equal(clock({ acceptedOn: '2026-12-01', promisedDays: 5 }, '2026-12-01').provisional, false);
});

test('a make-up working day entered by the administrators (an override) is counted and explained', () => {
  const c = new WorkCalendar({ overrides: new Map([['2026-11-07', { workday: true, reason: '本地调整上班' }]]), loadedYears: new Set() });
  const r = computeClock(c, DEFAULT_RULES, { acceptedOn: '2026-11-05', promisedDays: 2, suspensions: [] }, '2026-11-05');
  assert.equal(r.due, '2026-11-07');
  assert.ok(
    r.explain.some((l) => l.startsWith('2026-11-07 本地调整上班，计入：第2个工作日')),
    r.explain.join('\n'),
  );
});

// ── Calendar-day rules vs working-day rules ──

test('the same offsets on calendar days fall on the weekend after a Friday limit; on working days they skip it', () => {
  // Accepted Monday 2026-11-02, 4 working days: due Friday 11-06.
  const calRules: SupervisionRules = {
    ...DEFAULT_RULES,
    convention: 'custom',
    rules: DEFAULT_RULES.rules.map((r) => ({ ...r, unit: 'calendar' })),
  };
  const w = clock({ acceptedOn: '2026-11-02', promisedDays: 4 }, '2026-11-02');
  const c = clock({ acceptedOn: '2026-11-02', promisedDays: 4 }, '2026-11-02', calRules);
  assert.equal(w.due, '2026-11-06');
  assert.equal(c.due, '2026-11-06');
  assert.deepEqual([w.warnOn, w.yellowOn, w.redOn], ['2026-11-05', '2026-11-09', '2026-11-13']);
  assert.deepEqual([c.warnOn, c.yellowOn, c.redOn], ['2026-11-05', '2026-11-07', '2026-11-11']);
  assert.ok(
    c.explain.some((l) => l.startsWith('2026-11-07（星期六）周末，不计　← 黄牌')),
    c.explain.join('\n'),
  );
  assert.ok(c.explain.some((l) => l.includes('（按自然日计算）')));
  // Calendar days skip suspended days too.
  const cs = clock({ acceptedOn: '2026-11-02', promisedDays: 4, suspensions: [{ from: '2026-11-07', to: '2026-11-08' }] }, '2026-11-02', calRules);
  assert.equal(cs.yellowOn, '2026-11-09');
});

test('a percentage threshold: 90 % of a 10-day limit is reached on its 9th working day; a legal-limit rule uses 法定时限', () => {
  const rules: SupervisionRules = {
    ...DEFAULT_RULES,
    convention: 'custom',
    rules: [
      { key: 'time.near', basis: 'promised', unit: 'working', threshold: { kind: 'percent', percent: 90 }, level: 'yellow' },
      { key: 'time.legal', basis: 'legal', unit: 'working', threshold: { kind: 'offset', days: 1 }, level: 'red' },
    ],
  };
  const r = clock({ acceptedOn: '2026-11-02', promisedDays: 10, legalDays: 20 }, '2026-11-30', rules);
  assert.equal(r.due, '2026-11-16');
  assert.equal(r.yellowOn, '2026-11-13');
  assert.equal(r.legalDue, '2026-11-30');
  assert.equal(r.redOn, '2026-12-01');
  assert.equal(r.level, 'yellow');
  // Without a legal limit, that rule does not apply (and says so).
  const n = clock({ acceptedOn: '2026-11-02', promisedDays: 10 }, '2026-12-30', rules);
  assert.equal(n.redOn, null);
  assert.equal(n.level, 'yellow');
  assert.ok(n.explain.some((l) => l.includes('未提供法定时限，不适用')));
});

test('a step rule runs from the step start on its own limit', () => {
  const rules: SupervisionRules = {
    ...DEFAULT_RULES,
    convention: 'custom',
    rules: [{ key: 'step.over', basis: 'step', unit: 'working', threshold: { kind: 'offset', days: 1 }, level: 'warning' }],
  };
  const r = clock({ acceptedOn: '2026-11-02', promisedDays: 10, step: { name: '审核', startedOn: '2026-11-04', limitDays: 2 } }, '2026-11-09', rules);
  assert.equal(r.signals?.[0]?.on, '2026-11-09');
  assert.equal(r.level, 'warning');
  const done = clock(
    { acceptedOn: '2026-11-02', promisedDays: 10, step: { name: '审核', startedOn: '2026-11-04', limitDays: 2, finishedOn: '2026-11-05' } },
    '2026-11-09',
    rules,
  );
  assert.equal(done.level, 'none');
});

// ── Both conventions of services.md §3 ──

test('convention (a) 成都/玉林: 黄牌 the working day before the limit, 红牌 once overdue; convention (b) 湛江: 黄牌 overdue, 红牌 five working days on', () => {
  const a = clock({ acceptedOn: '2016-09-29', promisedDays: 3 }, '2016-10-10', PRESETS.a);
  assert.deepEqual([a.warnOn, a.yellowOn, a.redOn, a.level], [null, '2016-10-08', '2016-10-10', 'red']);
  const b = clock({ acceptedOn: '2016-09-29', promisedDays: 3 }, '2016-10-10', PRESETS.b);
  assert.deepEqual([b.warnOn, b.yellowOn, b.redOn, b.level], ['2016-10-08', '2016-10-10', '2016-10-14', 'yellow']);
  // An overdue case finished on day F: red under (a), yellow under (b).
  assert.equal(clock({ acceptedOn: '2016-09-29', promisedDays: 3, finishedOn: '2016-10-11' }, '2016-12-31', PRESETS.a).level, 'red');
  assert.equal(clock({ acceptedOn: '2016-09-29', promisedDays: 3, finishedOn: '2016-10-11' }, '2016-12-31', PRESETS.b).level, 'yellow');
});

test('a one-day limit warns on the day of acceptance', () => {
  const r = clock({ acceptedOn: '2026-11-02', promisedDays: 1 }, '2026-11-02');
  assert.equal(r.due, '2026-11-03');
  assert.equal(r.warnOn, '2026-11-02');
  assert.equal(r.level, 'warning');
});

// ── Bad input: every problem named by field, in Chinese ──

test('bad input is refused naming the field', () => {
  rejects(() => clock({ acceptedOn: '2016-02-30', promisedDays: 3 }, '2016-03-01'), 'acceptedOn', /不是有效日期/);
  rejects(() => clock({ acceptedOn: '2016-09-29', promisedDays: 0 }, '2016-10-01'), 'promisedDays', /承诺办结时限/);
  rejects(() => clock({ acceptedOn: '2016-09-29', promisedDays: 2.5 }, '2016-10-01'), 'promisedDays');
  rejects(() => clock({ acceptedOn: '2016-09-29', promisedDays: 3, finishedOn: '2016-09-28' }, '2016-10-01'), 'finishedOn', /不能早于受理日期/);
  rejects(
    () => clock({ acceptedOn: '2016-09-29', promisedDays: 3, suspensions: [{ from: '2016-10-05', to: '2016-10-04' }] }, '2016-10-01'),
    'suspensions[0].to',
    /不能早于开始日/,
  );
  rejects(() => clock({ acceptedOn: '2016-09-29', promisedDays: 3 }, 'tomorrow'), 'asOf');
  rejects(
    () => clock({ acceptedOn: '2016-09-29', promisedDays: 3, step: { name: '审核', startedOn: '2016-09-01', limitDays: 2 } }, '2016-10-01'),
    'step.startedOn',
  );
});

test('the rules setting is validated: duplicate keys, unknown levels and out-of-range thresholds are refused naming the field', () => {
  assert.ok(rulesSchema.safeParse(PRESETS.a).success);
  assert.ok(rulesSchema.safeParse(PRESETS.b).success);
  const bad = rulesSchema.safeParse({
    ...PRESETS.b,
    rules: [PRESETS.b.rules[0], { ...PRESETS.b.rules[0], level: 'orange' }, { ...PRESETS.b.rules[1], threshold: { kind: 'offset', days: 500 } }],
  });
  assert.equal(bad.success, false);
  const paths = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(
    paths.some((p) => p.startsWith('rules.1.level') && p.includes('黄牌')),
    paths.join('\n'),
  );
  assert.ok(
    paths.some((p) => p.startsWith('rules.2.threshold.days')),
    paths.join('\n'),
  );
  const dup = rulesSchema.safeParse({ ...PRESETS.b, rules: [PRESETS.b.rules[0], PRESETS.b.rules[0]] });
  assert.ok(!dup.success && dup.error.issues.some((i) => i.path.join('.') === 'rules.1.key' && i.message.includes('重复')));
});
