import type ExcelJS from 'exceljs';
import { readWorkbook } from '../../../platform/render/sheet.ts';
import { ZipLimitError, type ZipLimits } from '../../../platform/render/zip-guard.ts';
import { fieldsWithNul, NUL_MESSAGE } from '../../../platform/command.ts';
import { fieldText } from '../../../kernel/text.ts';
import { isIsoDate, type IsoDate } from '../../../kernel/dates.ts';
import {
  APPLICANT_TYPES,
  APPLICANT_TYPE_LABELS,
  CHANNELS,
  ID_TYPES,
  checkIdNumber,
  isOrganisation,
  isPhone,
  type ApplicantType,
  type Channel,
  type IdType,
} from '../applicants.ts';
import { isOutcomeKey, outcomesFor } from '../outcomes.ts';
import { regimeFor, rulesFor, type Regime, type PauseKind } from '../regimes.ts';

/**
 * Historical ledgers (台账): one row per request, read from JSONL, CSV or XLSX in the layout of
 * docs/requests-import.md, checked row by row — every problem is reported with its line and field
 * before anything is written.
 */
export interface LedgerProblem {
  /** 1-based line (JSONL, CSV) or row (XLSX) of the file. */
  line: number;
  field: string;
  message: string;
}

export type LedgerEvent =
  | { type: 'correction'; date: IsoDate; items?: string }
  | { type: 'corrected'; date: IsoDate }
  | { type: 'consult'; from: IsoDate; to?: IsoDate; kind: PauseKind }
  | { type: 'extend'; date: IsoDate; days: number }
  | { type: 'fee'; date: IsoDate; amountFen: number }
  | { type: 'paid'; date: IsoDate }
  | { type: 'transfer'; date: IsoDate; from: string }
  | { type: 'delivered'; date: IsoDate };

export interface LedgerRow {
  line: number;
  ref: string;
  org: string;
  applicantType: ApplicantType;
  applicantName: string;
  idType: IdType | null;
  idNumber: string;
  phone: string;
  channel: Channel;
  arrivedOn: IsoDate;
  receivedOn: IsoDate;
  regime: Regime;
  info: string;
  events: LedgerEvent[];
  outcome: string | null;
  outcomeCase: string | null;
  decidedOn: IsoDate | null;
  decisionNumber: string;
  decisionText: string;
}

/** Field names: the English key, or the Chinese header a ledger usually has. */
export const FIELDS: Record<string, string[]> = {
  ref: ['ref', '编号', '台账编号'],
  org: ['org', '机关', '受理机关'],
  applicant_type: ['applicant_type', '申请人类型'],
  applicant_name: ['applicant_name', '申请人', '申请人姓名或名称'],
  id_type: ['id_type', '证件类型'],
  id_number: ['id_number', '证件号码'],
  phone: ['phone', '联系电话'],
  channel: ['channel', '申请方式'],
  arrived_on: ['arrived_on', '收到时间'],
  received_on: ['received_on', '收到申请之日'],
  regime: ['regime', '适用条例'],
  info: ['info', '申请内容', '所需信息'],
  events: ['events', '办理过程'],
  outcome: ['outcome', '办理结果'],
  outcome_case: ['outcome_case', '告知情形'],
  decided_on: ['decided_on', '答复日期'],
  decision_number: ['decision_number', '告知书文号'],
  decision_text: ['decision_text', '答复内容'],
};

const CHANNEL_ALIASES: Record<string, Channel> = {
  当面: 'in_person',
  当面提交: 'in_person',
  口头: 'oral',
  网络: 'online',
  网上: 'online',
  在线: 'online',
  电子邮件: 'email',
  邮件: 'email',
  信函: 'letter_registered',
  挂号信: 'letter_registered',
  平信: 'letter_ordinary',
  传真: 'fax',
};

export interface RawRecord {
  line: number;
  values: Record<string, unknown>;
}

/**
 * Read the file's records (not yet checked). Syntax errors are problems too. An XLSX passes the zip
 * guard first (`zip`: the configuration's limits).
 */
export async function readLedger(file: { name: string; content: Buffer }, zip?: ZipLimits): Promise<{ records: RawRecord[]; problems: LedgerProblem[] }> {
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name)?.[1] ?? '').toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return readJsonl(file.content.toString('utf8'));
  if (ext === 'csv') return readCsv(file.content.toString('utf8'));
  if (ext === 'xlsx') return readXlsx(file.content, file.name, zip);
  return { records: [], problems: [{ line: 0, field: 'file', message: `不支持的文件类型（.${ext}）：请使用 .jsonl、.csv 或 .xlsx` }] };
}

function readJsonl(text: string) {
  const records: RawRecord[] = [];
  const problems: LedgerProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((l, i) => {
      if (!l.trim()) return;
      try {
        const v = JSON.parse(l) as unknown;
        if (!v || typeof v !== 'object' || Array.isArray(v)) problems.push({ line: i + 1, field: '(行)', message: '每行应为一个 JSON 对象' });
        else records.push({ line: i + 1, values: v as Record<string, unknown> });
      } catch (e) {
        problems.push({ line: i + 1, field: '(行)', message: `不是有效的 JSON：${(e as Error).message}` });
      }
    });
  return { records, problems };
}

/** RFC 4180: commas, quotes doubled, line breaks inside quotes; a byte-order mark is skipped. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      lines.push(start);
      row = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
    lines.push(start);
  }
  return { rows, lines };
}

function fromTable(rows: string[][], lines: number[]) {
  const records: RawRecord[] = [];
  const problems: LedgerProblem[] = [];
  const [head, ...body] = rows;
  if (!head) return { records, problems: [{ line: 1, field: '(表头)', message: '文件是空的' }] };
  // parseCsv and readXlsx push a row and its line number together.
  const lineOf = (i: number): number => {
    const line = lines[i];
    if (line === undefined) throw new Error(`ledger: no line number for row ${i}`);
    return line;
  };
  const header = head.map((h) => canonicalField(h.trim()));
  head.forEach((name, i) => {
    if (!header[i] && name.trim()) problems.push({ line: lineOf(0), field: name, message: '不认识的列名（见 docs/requests-import.md）' });
  });
  for (const [r, row] of body.entries()) {
    if (row.every((c) => !c.trim())) continue;
    const values: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h) values[h] = row[i] ?? '';
    });
    records.push({ line: lineOf(r + 1), values });
  }
  return { records, problems };
}

function readCsv(text: string) {
  const { rows, lines } = parseCsv(text);
  return fromTable(rows, lines);
}

async function readXlsx(content: Buffer, fileName: string, zip: ZipLimits | undefined) {
  let wb: ExcelJS.Workbook | undefined;
  try {
    wb = await readWorkbook(content, fileName, zip);
  } catch (e) {
    // A zip bomb: the whole file refused, nothing of it read.
    if (e instanceof ZipLimitError) return { records: [], problems: [{ line: 0, field: 'file', message: e.issues[0]?.message ?? e.message }] };
    throw e;
  }
  if (!wb) return { records: [], problems: [{ line: 0, field: 'file', message: '不是有效的 XLSX 文件（空的、被截断或不是 Excel 工作簿）' }] };
  const ws = wb.worksheets[0];
  if (!ws) return { records: [], problems: [{ line: 0, field: 'file', message: '工作簿没有工作表' }] };
  const rows: string[][] = [];
  const lines: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
    lines.push(n);
  });
  return fromTable(rows, lines);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v);
}

function canonicalField(h: string): string {
  for (const [k, names] of Object.entries(FIELDS)) if (names.includes(h)) return k;
  return '';
}

/**
 * Check one record. `today` bounds every date; `orgExists` resolves the org name or code.
 * Returns the row or the problems of this record, each naming its field.
 */
export function checkRecord(
  rec: RawRecord,
  today: IsoDate,
  orgExists: (ref: string) => boolean,
  defaultOrg?: string,
): { row?: LedgerRow; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = [];
  const v: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(rec.values)) v[canonicalField(k) || k] = val;
  const str = (k: string) => fieldText(v[k]);
  const bad = (field: string, message: string) => problems.push({ line: rec.line, field, message });
  for (const field of fieldsWithNul(rec.values)) bad(field, NUL_MESSAGE);
  const date = (field: string, required: boolean): IsoDate | null => {
    const s = str(field);
    if (!s) {
      if (required) bad(field, '必填（YYYY-MM-DD）');
      return null;
    }
    if (!isIsoDate(s)) {
      bad(field, `不是有效日期（YYYY-MM-DD）：${s}`);
      return null;
    }
    if (s > today) {
      bad(field, `日期（${s}）晚于今天（${today}）`);
      return null;
    }
    return s;
  };
  for (const k of Object.keys(rec.values)) if (!canonicalField(k) && !(k in FIELDS)) bad(k, '不认识的字段（见 docs/requests-import.md）');

  const org = str('org') || defaultOrg || '';
  if (!org) bad('org', '必填：受理机关的名称、简称或机构代码');
  else if (!orgExists(org)) bad('org', `没有这个机关：${org}`);

  const typed = str('applicant_type');
  const byLabel = (Object.entries(APPLICANT_TYPE_LABELS).find(([, l]) => l === typed || (typed === '其他' && l === '其他组织')) ?? [])[0] as
    | ApplicantType
    | undefined;
  const applicantType = (byLabel ?? typed) as ApplicantType;
  if (!(APPLICANT_TYPES as readonly string[]).includes(applicantType))
    bad(
      'applicant_type',
      `应为 ${APPLICANT_TYPES.join('、')} 之一（或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）：${str('applicant_type') || '（空）'}`,
    );

  let idType: IdType | null = null;
  const idNumber = str('id_number').toUpperCase();
  if (str('id_type')) {
    if (!(ID_TYPES as readonly string[]).includes(str('id_type'))) bad('id_type', `应为 ${ID_TYPES.join('、')} 之一：${str('id_type')}`);
    else idType = str('id_type') as IdType;
  } else if (idNumber) idType = (APPLICANT_TYPES as readonly string[]).includes(applicantType) && isOrganisation(applicantType) ? 'uscc' : 'resident_id';
  if (idNumber && idType) {
    const c = checkIdNumber(idType, idNumber, today);
    if (!c.ok) bad('id_number', c.reason);
  }
  const phone = str('phone');
  if (phone && !isPhone(phone)) bad('phone', `电话号码格式不正确：${phone}`);

  let channel = (CHANNEL_ALIASES[str('channel')] ?? str('channel')) as Channel;
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    bad('channel', `应为 ${CHANNELS.join('、')} 之一（或 当面、口头、网络、电子邮件、信函、挂号信、平信、传真）：${str('channel') || '（空）'}`);
    channel = 'in_person';
  }

  const receivedOn = date('received_on', true);
  const arrivedOn = date('arrived_on', false) ?? receivedOn;
  if (receivedOn && arrivedOn && arrivedOn > receivedOn) bad('arrived_on', `收到时间（${arrivedOn}）晚于收到申请之日（${receivedOn}）`);
  let regime: Regime = receivedOn ? regimeFor(receivedOn) : '2019';
  if (str('regime')) {
    if (str('regime') !== '2008' && str('regime') !== '2019') bad('regime', `应为 2008 或 2019：${str('regime')}`);
    else if (receivedOn && str('regime') !== regimeFor(receivedOn)) bad('regime', `收到申请之日为 ${receivedOn}，应适用 ${regimeFor(receivedOn)} 年条例`);
    else regime = str('regime') as Regime;
  }

  const events = parseEvents(v.events, (m) => bad('events', m), today);
  const rules = rulesFor(regime);
  const sorted = [...events].sort((a, b) => (eventDate(a) < eventDate(b) ? -1 : 1));
  for (const e of sorted)
    if (receivedOn && eventDate(e) < receivedOn && e.type !== 'transfer') bad('events', `${e.type} 的日期（${eventDate(e)}）早于收到申请之日（${receivedOn}）`);
  const correction = events.find((e) => e.type === 'correction');
  const corrected = events.find((e) => e.type === 'corrected');
  if (events.filter((e) => e.type === 'correction').length > 1) bad('events', '补正只能告知一次（条例第三十条）');
  if (corrected && (!correction || corrected.date < correction.date)) bad('events', 'corrected 须在 correction 之后');
  const extend = events.filter((e): e is Extract<LedgerEvent, { type: 'extend' }> => e.type === 'extend');
  if (extend.length > 1) bad('events', '答复期限只能延长一次');
  for (const x of extend) if (x.days > rules.maxExtensionDays) bad('events', `延长的期限最长不得超过${rules.maxExtensionDays}个工作日：${x.days}`);
  for (const c of events)
    if (c.type === 'consult' && c.kind === 'other_agency' && regime === '2008')
      bad('events', '2008年条例下征求其他机关意见的时间不扣除（consult … other_agency 只适用于2019年条例）');
  const fee = events.find((e): e is Extract<LedgerEvent, { type: 'fee' }> => e.type === 'fee');
  const paid = events.find((e) => e.type === 'paid');
  if (paid && !fee) bad('events', 'paid 之前须有 fee');

  const outcomeRaw = str('outcome');
  let outcome: string | null = null;
  let outcomeCase: string | null = null;
  let decidedOn: IsoDate | null = null;
  if (outcomeRaw) {
    const byKey = isOutcomeKey(regime, outcomeRaw)
      ? outcomeRaw
      : outcomesFor(regime).find((o) => o.label === outcomeRaw || o.reportRowLabel === outcomeRaw)?.key;
    if (!byKey) bad('outcome', `${regime}年条例下没有这种办理结果：${outcomeRaw}（见 docs/requests-import.md 的结果代码表）`);
    else {
      outcome = byKey;
      const o = outcomesFor(regime).find((x) => x.key === byKey)!;
      if (str('outcome_case')) {
        if (!o.letters.some((l) => l.case === str('outcome_case')))
          bad('outcome_case', `“${o.label}”没有这种情形：${str('outcome_case')}（可用：${o.letters.map((l) => l.case).join('、')}）`);
        else outcomeCase = str('outcome_case');
      } else outcomeCase = o.letters[0].case;
      if ((byKey === 'other_no_correction' || (regime === '2008' && byKey === 'correction')) && (!correction || corrected))
        bad('outcome', '逾期不补正须有 correction 事件且没有 corrected');
      if (byKey === 'unable_unclear_after_correction' && !corrected) bad('outcome', '补正后仍不明确须有 corrected 事件');
      if (byKey === 'other_fee_unpaid' && (!fee || paid)) bad('outcome', '逾期未缴费须有 fee 事件且没有 paid');
    }
    decidedOn = date('decided_on', true);
    if (decidedOn && receivedOn && decidedOn < receivedOn) bad('decided_on', `答复日期（${decidedOn}）早于收到申请之日（${receivedOn}）`);
    if (decidedOn && corrected && decidedOn < corrected.date) bad('decided_on', `答复日期（${decidedOn}）早于收到补正之日（${corrected.date}）`);
  } else if (str('decided_on')) bad('decided_on', '没有办理结果（outcome）时不填答复日期');
  if (events.some((e) => e.type === 'delivered') && !outcome) bad('events', 'delivered 须有办理结果');

  if (problems.length || !receivedOn || !arrivedOn) return { problems };
  return {
    problems,
    row: {
      line: rec.line,
      ref: str('ref'),
      org,
      applicantType,
      applicantName: str('applicant_name') || '（历史台账未记载）',
      idType,
      idNumber,
      phone,
      channel,
      arrivedOn,
      receivedOn,
      regime,
      info: str('info'),
      events,
      outcome,
      outcomeCase,
      decidedOn,
      decisionNumber: str('decision_number'),
      decisionText: str('decision_text'),
    },
  };
}

export function eventDate(e: LedgerEvent): IsoDate {
  return e.type === 'consult' ? e.from : e.date;
}

/**
 * Events: a JSON array of objects (JSONL), or the compact text `kind date [args]; …` (any format):
 * `correction 2025-03-04; corrected 2025-03-10; consult 2025-03-12 2025-03-20 third_party;
 *  extend 2025-04-01 20; fee 2025-04-02 150.00; paid 2025-04-05; transfer 2025-03-05 区财政局;
 *  delivered 2025-04-20`.
 */
export function parseEvents(raw: unknown, bad: (m: string) => void, today: IsoDate): LedgerEvent[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const items: Array<Record<string, unknown>> = [];
  if (Array.isArray(raw)) {
    for (const x of raw)
      if (x && typeof x === 'object') items.push(x as Record<string, unknown>);
      else bad(`事件应为对象：${JSON.stringify(x)}`);
  } else if (typeof raw === 'string') {
    for (const part of raw
      .split(/[;；\n]+/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [type, ...args] = part.split(/\s+/);
      const o: Record<string, unknown> = { type };
      if (type === 'consult')
        Object.assign(o, {
          from: args[0],
          to: args[1] && !/^(third_party|other_agency)$/.test(args[1]) ? args[1] : undefined,
          kind: args.find((a) => /^(third_party|other_agency)$/.test(a)),
        });
      else if (type === 'extend') Object.assign(o, { date: args[0], days: args[1] });
      else if (type === 'fee') Object.assign(o, { date: args[0], amount: args[1] });
      else if (type === 'transfer') Object.assign(o, { date: args[0], from: args.slice(1).join(' ') });
      else if (type === 'correction') Object.assign(o, { date: args[0], items: args.slice(1).join(' ') });
      else Object.assign(o, { date: args[0] });
      items.push(o);
    }
  } else {
    bad('应为文本或数组');
    return [];
  }
  const out: LedgerEvent[] = [];
  const d = (v: unknown, what: string): IsoDate | null => {
    const s = typeof v === 'string' ? v.trim() : '';
    if (!isIsoDate(s)) {
      bad(`${what}：不是有效日期（YYYY-MM-DD）：${fieldText(v) || '（空）'}`);
      return null;
    }
    if (s > today) {
      bad(`${what}：日期（${s}）晚于今天（${today}）`);
      return null;
    }
    return s;
  };
  for (const o of items) {
    const type = String(o.type ?? '');
    switch (type) {
      case 'correction':
      case 'corrected':
      case 'paid':
      case 'delivered': {
        const date = d(o.date, type);
        if (date) out.push(type === 'correction' ? { type, date, ...(o.items ? { items: String(o.items) } : {}) } : { type, date });
        break;
      }
      case 'consult': {
        const from = d(o.from, 'consult 的发出日期');
        const to = o.to === undefined || o.to === null || o.to === '' ? undefined : d(o.to, 'consult 的回复日期');
        const kind = (o.kind ?? 'third_party') as PauseKind;
        if (kind !== 'third_party' && kind !== 'other_agency') bad(`consult 的对象应为 third_party 或 other_agency：${String(o.kind)}`);
        else if (from && to !== null) {
          if (to && to < from) bad(`consult 的回复日期（${to}）早于发出日期（${from}）`);
          else out.push({ type, from, ...(to ? { to } : {}), kind });
        }
        break;
      }
      case 'extend': {
        const date = d(o.date, 'extend');
        const days = o.days === undefined || o.days === '' ? 0 : Number(o.days);
        if (!Number.isInteger(days) || days < 0) bad(`extend 的天数须为正整数：${String(o.days)}`);
        else if (date) out.push({ type, date, days });
        break;
      }
      case 'fee': {
        const date = d(o.date, 'fee');
        const amount = Number(String(o.amount ?? '').replace(/元$/, ''));
        if (!Number.isFinite(amount) || amount <= 0) bad(`fee 的金额须为正数（元）：${String(o.amount ?? '（空）')}`);
        else if (date) out.push({ type, date, amountFen: Math.round(amount * 100) });
        break;
      }
      case 'transfer': {
        const date = d(o.date, 'transfer');
        if (!o.from) bad('transfer 须写明原受理机关');
        else if (date) out.push({ type, date, from: String(o.from) });
        break;
      }
      default:
        bad(`不认识的事件：${type || '（空）'}（可用：correction、corrected、consult、extend、fee、paid、transfer、delivered）`);
    }
  }
  return out;
}
