/**
 * Timings of the requests module, printed as JSON:
 *
 *   npx tsx bench/requests.ts                                   (SQLite, a temporary file)
 *   GONGKAI_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB npx tsx bench/requests.ts
 *
 * - demo: loading the requests demo (2016 appeals, the 2025 year, 2026 open requests) through the
 *   commands, each audited — orgs and users loaded first, the catalogue left out;
 * - intake: staff intake of N requests (one command, one transaction, one audit entry each);
 * - workflow: correction → consultation → extension → decision on each of them;
 * - letter: rendering one 告知书 as PDF and DOCX (first run, then the median);
 * - followUp: the district's follow-up lists; table3: all table-三 figures of every org for 2025;
 * - track: tracking look-ups (code + name), right and wrong.
 */
import { fixedClock } from '../src/kernel/clock.ts';
import { configSchema } from '../src/platform/config.ts';
import { openApp } from '../src/app/boot.ts';
import { systemActor } from '../src/platform/context.ts';
import { execute } from '../src/platform/command.ts';
import { loadCalendar } from '../src/platform/calendar/calendar.ts';
import { loadDemoOrgs } from '../src/modules/orgs/demo.ts';
import { loadDemoUsers } from '../src/modules/identity/demo.ts';
import { findOrg, listOrgs } from '../src/modules/orgs/index.ts';
import { loadDemoRequests, demoResidentId } from '../src/modules/requests/demo.ts';
import {
  recordRequest,
  requestCorrection,
  receiveCorrection,
  startConsultation,
  recordConsultationReply,
  extendDeadline,
  decideRequest,
  followUp,
  APPLICANT_TYPES,
  REPORT_OUTCOME_KEYS,
  recordingNotifier,
} from '../src/modules/requests/index.ts';
import { trackRequest } from '../src/modules/requests/commands/track-request.ts';
import { letterContext, renderLetterDocx, renderLetterPdf } from '../src/modules/requests/letters.ts';
import { consultationsOf } from '../src/modules/requests/repo.ts';
import { freshDatabase } from '../test/support/db.ts';

const N = Number(process.env.BENCH_N ?? 200);

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: Math.round(performance.now() - t), value };
}

const db = await freshDatabase();
const clock = fixedClock('2026-11-27T02:00:00Z');
const app = await openApp(configSchema.parse({ databaseUrl: db.url, logLevel: 'silent', secret: 'b'.repeat(40), argon2MemoryKib: 4096 }), {
  clock,
  database: db,
  migrate: false,
});
app.ports.notifier = recordingNotifier();
const ctx = app.context({ kind: 'system', userId: null, name: 'bench', grants: [] });
const result: Record<string, unknown> = { engine: db.engine, n: N };
try {
  await loadDemoOrgs(ctx);
  await loadDemoUsers(ctx);
  const demo = await timed(() => loadDemoRequests(ctx));
  const requests = await app.database.db.selectFrom('requests').select('id').execute();
  result.demo = { ms: demo.ms, requests: requests.length };

  const root = (await findOrg(app.database.db, '洪江区管理委员会'))!;
  const at = (d: string) => ({ ...app.context(systemActor()), clock: fixedClock(`${d}T02:00:00Z`) });
  const ids: number[] = [];
  const intake = await timed(async () => {
    for (let i = 0; i < N; i++) {
      const r = await execute(at('2026-11-02'), recordRequest, {
        orgId: root.id,
        applicantType: APPLICANT_TYPES[i % 6],
        applicantName: `测试${i}`,
        idType: i % 6 ? 'uscc' : 'resident_id',
        idNumber: i % 6 ? '91431202MA4L20001Q' : demoResidentId(i),
        contactPerson: '联系人',
        phone: '13900000000',
        infoName: `测试信息${i}`,
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
        channel: 'in_person',
        arrivedAt: '2026-11-02T09:00',
      }).catch(async (e) => {
        // The USCC above may fail its checksum: fall back to a natural person.
        if (i % 6 === 0) throw e;
        return execute(at('2026-11-02'), recordRequest, {
          orgId: root.id,
          applicantType: 'natural',
          applicantName: `测试${i}`,
          idType: 'resident_id',
          idNumber: demoResidentId(i),
          phone: '13900000000',
          infoName: `测试信息${i}`,
          deliveryForm: 'electronic',
          deliveryChannel: 'online',
          channel: 'in_person',
          arrivedAt: '2026-11-02T09:00',
        });
      });
      ids.push(r.id);
    }
  });
  result.intake = { ms: intake.ms, perRequestMs: +(intake.ms / N).toFixed(2) };

  const workflow = await timed(async () => {
    for (const id of ids) {
      await execute(at('2026-11-03'), requestCorrection, { id, noticeOn: '2026-11-03', items: '请写明年份' });
      await execute(at('2026-11-05'), receiveCorrection, { id, correctedOn: '2026-11-05', text: '2025年' });
      await execute(at('2026-11-06'), startConsultation, { id, kind: 'third_party', party: '第三方', sentOn: '2026-11-06' });
      const [c] = await consultationsOf(app.database.db, id);
      if (!c) throw new Error(`request ${id}: the consultation just started is missing`);
      await execute(at('2026-11-10'), recordConsultationReply, { id, consultationId: c.id, repliedOn: '2026-11-10', reply: 'agree' });
      await execute(at('2026-11-12'), extendDeadline, { id, approver: '李红梅', reason: '需要调阅档案', noticeOn: '2026-11-12' });
      await execute(at('2026-11-20'), decideRequest, {
        id,
        outcome: 'disclose',
        case: 'disclosable',
        decidedOn: '2026-11-20',
        values: { 提供方式: '以电子文档提供' },
      });
    }
  });
  result.workflow = { ms: workflow.ms, commands: ids.length * 6, perCommandMs: +(workflow.ms / (ids.length * 6)).toFixed(2) };

  const partial = (await app.database.db.selectFrom('requests').selectAll().where('outcome', '=', 'partial').executeTakeFirstOrThrow()) as Parameters<
    typeof letterContext
  >[1];
  const lc = await letterContext(app.database.db, partial);
  const pdf: number[] = [];
  const docx: number[] = [];
  let bytes = 0;
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A new request version each run: the letter cache would otherwise answer from memory.
    const fresh = { ...lc, r: { ...lc.r, updated_at: `bench-${i}` } };
    const c0 = process.cpuUsage();
    const p = await timed(() => renderLetterPdf(fresh));
    const u = process.cpuUsage(c0);
    cpu.push(Math.round((u.user + u.system) / 1000));
    pdf.push(p.ms);
    bytes = p.value.length;
    docx.push((await timed(() => renderLetterDocx(fresh))).ms);
  }
  const med = (xs: number[]) => [...xs.slice(1)].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const again = await timed(() => renderLetterPdf({ ...lc, r: { ...lc.r, updated_at: 'bench-4' } }));
  result.letter = {
    pdfFirstMs: pdf[0],
    pdfMedianMs: med(pdf),
    pdfCpuMedianMs: med(cpu),
    pdfBytes: bytes,
    docxFirstMs: docx[0],
    docxMedianMs: med(docx),
    pdfCachedMs: again.ms,
  };

  const cal = await loadCalendar(app.database.db);
  const fu = await timed(() => followUp(app.database.db, cal, { kind: 'all' }, '2026-11-27'));
  result.followUp = { ms: fu.ms, items: fu.value.length };

  const orgs = await listOrgs(app.database.db);
  const t3 = await timed(async () => {
    let cells = 0;
    for (const o of orgs)
      for (const applicant of APPLICANT_TYPES) {
        for (const name of ['requests.received', 'requests.carriedIn', 'requests.carriedOut']) {
          await app.registry.metrics.get(name)!.count(app.database.db, { orgId: o.id, year: 2025, params: { applicant } });
          cells++;
        }
        for (const outcome of REPORT_OUTCOME_KEYS) {
          await app.registry.metrics.get('requests.outcome')!.count(app.database.db, { orgId: o.id, year: 2025, params: { outcome, applicant } });
          cells++;
        }
      }
    return cells;
  });
  result.table3 = { ms: t3.ms, orgs: orgs.length, cells: t3.value, perCellMs: +(t3.ms / t3.value).toFixed(3) };

  const r = await app.database.db.selectFrom('requests').select(['query_code', 'applicant_name']).where('outcome', '=', 'partial').executeTakeFirstOrThrow();
  const anon = app.context({ kind: 'anonymous', userId: null, name: 'public', grants: [] });
  const track = await timed(async () => {
    for (let i = 0; i < 100; i++) await execute(anon, trackRequest, { code: r.query_code, who: i % 2 ? r.applicant_name : '王五' });
  });
  result.track = { ms: track.ms, lookups: 100, perLookupMs: +(track.ms / 100).toFixed(2) };
} finally {
  await app.close();
  await db.drop();
}
console.log(JSON.stringify(result, null, 2));
