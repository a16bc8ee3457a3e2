import type { FastifyReply, FastifyRequest } from 'fastify';
import { formBody, formCommand } from '../../../platform/web/kit.ts';
import { html } from '../../../platform/web/html.ts';
import { adminPage } from '../../../platform/web/layout.ts';
import { breadcrumbs, buttonForm, errorSummary, postForm, selectField, textField, type FormErrors } from '../../../platform/web/components.ts';
import { execute } from '../../../platform/command.ts';
import { getSetting, updateSetting } from '../../../platform/settings/settings.ts';
import {
  ANOMALY_RULES,
  BASIS_LABELS,
  CONVENTION_LABELS,
  LEVEL_LABELS,
  PRESETS,
  RAISED_LEVELS,
  UNIT_LABELS,
  describeRule,
  rulesSetting,
  type AnomalyRule,
  type Basis,
  type SupervisionRules,
  type Unit,
} from '../settings.ts';

/**
 * The rules editor (监察规则): the district's signal rules as a form in Chinese, saved through the
 * settings command (`settings.edit`, audited there). Empty rows are dropped; two blank rows add rules.
 */

const EXTRA_ROWS = 2;
type Draft = Record<string, string>;

function draftOf(r: SupervisionRules): Draft {
  const d: Draft = { convention: r.convention };
  r.rules.forEach((x, i) => {
    d[`key_${i}`] = x.key;
    d[`basis_${i}`] = x.basis;
    d[`unit_${i}`] = x.unit;
    d[`kind_${i}`] = x.threshold.kind;
    d[`value_${i}`] = String(x.threshold.kind === 'offset' ? x.threshold.days : x.threshold.percent);
    d[`level_${i}`] = x.level;
  });
  for (const k of Object.keys(ANOMALY_RULES) as AnomalyRule[]) d[`anomaly_${k}`] = r.anomalies[k];
  return d;
}

function rowCount(d: Draft): number {
  let n = 0;
  while (`key_${n}` in d) n += 1;
  return n;
}

export async function rulesPage(req: FastifyRequest, reply: FastifyReply, errors: FormErrors = {}, draft?: Draft) {
  const current = await getSetting(req.ctx.db, rulesSetting);
  const d = draft ?? draftOf(current);
  const rows = rowCount(d) + EXTRA_ROWS;
  const canEdit = req.view.can('settings.edit');
  const labels: Record<string, string> = { convention: '做法' };
  for (let i = 0; i < rows; i++)
    for (const [f, l] of [
      ['key', '代码'],
      ['basis', '依据'],
      ['unit', '计算单位'],
      ['value', '触发点'],
      ['level', '等级'],
    ] as const)
      labels[`${f}_${i}`] = `第${i + 1}条规则·${l}`;
  for (const [k, l] of Object.entries(ANOMALY_RULES)) labels[`anomaly_${k}`] = l;
  const opt = <K extends string>(m: Record<K, string>) => (Object.entries(m) as Array<[K, string]>).map(([value, label]) => ({ value, label }));
  return reply.page(
    adminPage(
      req.view,
      { title: '监察规则', section: '/admin/supervision/rules' },
      html`${breadcrumbs([{ label: '电子监察', href: '/admin/supervision' }, { label: '监察规则' }])}
<h1>监察规则</h1>
<p class="hint">每条时限规则由依据（法定、承诺或环节时限）、计算单位（工作日或自然日）和触发点（距时限届满日的天数，负数为届满前；或已用时限的百分比）确定一个等级。受理当日不计入，暂停计时的日期（首尾两日）不计入。办结之日及以前的信号均计为已触发。</p>
<section class="panel" aria-labelledby="cur-h"><h2 id="cur-h">现行规则</h2>
<p>做法：${CONVENTION_LABELS[current.convention]}</p>
<ul>${current.rules.map((r) => html`<li>${describeRule(r)}</li>`)}</ul>
<p>非时限规则：${(Object.keys(ANOMALY_RULES) as AnomalyRule[]).map((k, i) => html`${i ? '；' : ''}${ANOMALY_RULES[k]}→${LEVEL_LABELS[current.anomalies[k]]}`)}</p>
</section>
${
  canEdit
    ? html`<section class="panel" aria-labelledby="preset-h"><h2 id="preset-h">采用预设做法</h2>
<p class="hint">a：${CONVENTION_LABELS.a}——届满前一个工作日黄牌，超过时限红牌。b：${CONVENTION_LABELS.b}——届满前一个工作日预警，届满后第一个工作日黄牌，第五个工作日红牌（默认）。</p>
<div class="actions">${buttonForm('/admin/supervision/rules', req.view.csrf(), '采用做法 a（成都、玉林）', { preset: 'a' })}${buttonForm('/admin/supervision/rules', req.view.csrf(), '采用做法 b（湛江，默认）', { preset: 'b' })}</div>
</section>
<section class="panel" aria-labelledby="edit-h"><h2 id="edit-h">逐项修改</h2>
${errorSummary(errors, labels)}
${postForm(
  '/admin/supervision/rules',
  req.view.csrf(),
  html`${selectField({ name: 'convention', label: '做法', options: opt(CONVENTION_LABELS), value: d.convention ?? 'custom', errors })}
${Array.from({ length: rows }, (_, i) => {
  const blank = !(`key_${i}` in d);
  return html`<fieldset class="panel"><legend>第${i + 1}条规则${blank ? '（新增，不填代码则忽略）' : ''}</legend>
${textField({ name: `key_${i}`, label: '代码', value: d[`key_${i}`] ?? '', errors, hint: '如 time.yellow；清空则删除这条规则', maxlength: 40 })}
${selectField({ name: `basis_${i}`, label: '依据', options: opt<Basis>(BASIS_LABELS), value: d[`basis_${i}`] ?? 'promised', errors })}
${selectField({ name: `unit_${i}`, label: '计算单位', options: opt<Unit>(UNIT_LABELS), value: d[`unit_${i}`] ?? 'working', errors })}
${selectField({
  name: `kind_${i}`,
  label: '触发点的方式',
  options: [
    { value: 'offset', label: '距届满日的天数（负数为届满前）' },
    { value: 'percent', label: '已用时限的百分比' },
  ],
  value: d[`kind_${i}`] ?? 'offset',
  errors,
})}
${textField({ name: `value_${i}`, label: '触发点', value: d[`value_${i}`] ?? '', errors, inputmode: 'numeric', maxlength: 4 })}
${selectField({ name: `level_${i}`, label: '等级', options: RAISED_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] })), value: d[`level_${i}`] ?? 'warning', errors })}
</fieldset>`;
})}
<fieldset class="panel"><legend>非时限规则的等级</legend>
${(Object.keys(ANOMALY_RULES) as AnomalyRule[]).map((k) =>
  selectField({
    name: `anomaly_${k}`,
    label: ANOMALY_RULES[k],
    options: RAISED_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] })),
    value: d[`anomaly_${k}`] ?? 'yellow',
    errors,
  }),
)}
</fieldset>
<button type="submit" class="btn">保存规则</button>`,
  { label: '修改监察规则' },
)}</section>`
    : html`<p class="muted">修改规则需要区级系统管理员或政务公开办的权限。</p>`
}`,
    ),
    { status: Object.keys(errors).length ? 400 : 200 },
  );
}

/** The form as the setting's value (numbers as typed: the setting's schema names what is wrong). */
function rulesOfForm(b: Draft): unknown {
  const rules: unknown[] = [];
  for (let i = 0; `key_${i}` in b || `basis_${i}` in b; i++) {
    const key = (b[`key_${i}`] ?? '').trim();
    if (!key) continue;
    const raw = (b[`value_${i}`] ?? '').trim();
    const n = raw === '' ? Number.NaN : Number(raw);
    const threshold = b[`kind_${i}`] === 'percent' ? { kind: 'percent', percent: n } : { kind: 'offset', days: n };
    rules.push({ key, basis: b[`basis_${i}`], unit: b[`unit_${i}`], threshold, level: b[`level_${i}`], row: i });
  }
  return {
    convention: b.convention,
    rules,
    anomalies: Object.fromEntries(Object.keys(ANOMALY_RULES).map((k) => [k, b[`anomaly_${k}`]])),
  };
}

/** `supervision.rules.rules.3.threshold.days` → the form field of that row. */
function fieldOf(issue: string, rowOf: (j: number) => number): string {
  const m = /^supervision\.rules\.rules\.(\d+)\.(\w+)/.exec(issue);
  if (m) {
    const i = rowOf(Number(m[1]));
    const f = m[2] === 'threshold' ? 'value' : m[2];
    return `${f}_${i}`;
  }
  const a = /^supervision\.rules\.anomalies\.([\w-]+)/.exec(issue);
  if (a) return `anomaly_${a[1]}`;
  if (issue.startsWith('supervision.rules.rules')) return 'key_0';
  return 'convention';
}

export async function saveRules(req: FastifyRequest, reply: FastifyReply) {
  const raw = formBody(req);
  const b: Draft = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
  let value: unknown;
  let rowOf = (j: number) => j;
  if (b.preset === 'a' || b.preset === 'b') value = PRESETS[b.preset];
  else {
    const v = rulesOfForm(b) as { rules: Array<{ row: number }> };
    const rowsUsed = v.rules.map((r) => r.row);
    rowOf = (j) => rowsUsed[j] ?? j;
    value = { ...v, rules: v.rules.map(({ row: _row, ...r }) => r) };
  }
  const r = await formCommand(
    () => execute(req.ctx, updateSetting, { key: rulesSetting.key, value }),
    (errors) => {
      const mapped: FormErrors = {};
      for (const [f, m] of Object.entries(errors)) mapped[fieldOf(f, rowOf)] ??= m;
      return rulesPage(req, reply, mapped, b.preset ? undefined : b);
    },
  );
  return r.ok ? reply.done('/admin/supervision/rules', '监察规则已保存，此后的计时按新规则计算。') : reply;
}
