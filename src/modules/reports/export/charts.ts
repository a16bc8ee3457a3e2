import type { ChartSpec } from '../../../platform/render/chart.ts';
import { countForOrgs } from '../engine/batch.ts';
import { generateReport, type GeneratedReport, type ReportSource } from '../engine/generate.ts';
import { flattenUnits } from '../engine/units.ts';
import { processingStats, type ProcessingTimeSource } from '../engine/processing-time.ts';
import { getCell, type Report } from '../report-model.ts';

export type ChartName = 'monthly' | 'channels' | 'outcomes' | 'processing';

export interface ReportChart {
  name: ChartName;
  spec: ChartSpec;
  /** Text alternative: the figures in words. */
  alt: string;
  caption: string;
}

const CHANNELS: Array<[string, string]> = [
  ['gazette', '政府公报'],
  ['website', '政府网站'],
  ['weibo', '政务微博'],
  ['wechat', '政务微信'],
  ['other', '其他方式'],
];

async function subtreeSums(
  src: ChartSource,
  name: string,
  year: number,
  orgIds: number[],
  params: Array<Record<string, string>>,
): Promise<number[] | undefined> {
  const def = src.registry.metrics.get(name);
  if (!def) return undefined;
  const maps = await countForOrgs(src.db, def, year, orgIds, params);
  return maps.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
}

/** What the charts read: the report's source and, for the processing-time chart, the requests module's port (an AppContext is one). */
export interface ChartSource extends ReportSource {
  ports: ReportSource['ports'] & { processingTimes?: ProcessingTimeSource };
}

export async function reportCharts(src: ChartSource, g: GeneratedReport, asOf: string, only?: ChartName): Promise<ReportChart[]> {
  const orgIds = flattenUnits(g.tree).flatMap((u) => u.members);
  const y = g.year;
  const years = [y - 1, y];
  const out: ReportChart[] = [];
  const want = (n: ChartName) => !only || only === n;

  if (want('monthly')) {
    const months = Array.from({ length: 12 }, (_, i) => ({ month: String(i + 1) }));
    const series: Array<{ name: string; values: number[] }> = [];
    for (const year of years) {
      const byMonth = await subtreeSums(src, 'catalogue.published', year, orgIds, [...months, {}]);
      if (!byMonth) break;
      const total = byMonth.pop()!;
      // A metric that ignores `month` answers the whole year twelve times: leave the chart out.
      if (byMonth.reduce((a, b) => a + b, 0) !== total) break;
      series.push({ name: `${year}年`, values: byMonth });
    }
    if (series.length === 2) {
      out.push({
        name: 'monthly',
        spec: { kind: 'line', title: '主动公开政府信息数（按月）', categories: months.map((m) => `${m.month}月`), series, unit: '条', showValues: false },
        alt: series.map((s) => `${s.name}：${s.values.map((v, i) => `${i + 1}月${v}条`).join('，')}`).join('；'),
        caption: `图1 ${y - 1}年与${y}年逐月主动公开政府信息数`,
      });
    }
  }

  if (want('channels')) {
    const series: Array<{ name: string; values: number[] }> = [];
    for (const year of years) {
      const v = await subtreeSums(
        src,
        'catalogue.published',
        year,
        orgIds,
        CHANNELS.map(([channel]) => ({ channel })),
      );
      if (v) series.push({ name: `${year}年`, values: v });
    }
    if (series.length) {
      out.push({
        name: 'channels',
        spec: { kind: 'bar', title: '通过不同渠道公开政府信息数', categories: CHANNELS.map(([, l]) => l), series, unit: '条' },
        // subtreeSums gives one value per channel.
        alt: series.map((s) => `${s.name}：${CHANNELS.map(([, label], i) => `${label}${s.values[i]}条`).join('，')}`).join('；'),
        caption: `图2 ${y - 1}年与${y}年各渠道公开政府信息数（同一信息多渠道公开的，在各渠道分别计数）`,
      });
    }
  }

  if (want('outcomes')) {
    const now = outcomeGroups(g.report);
    if (now) {
      // Last year's outcomes (the report's `previous` holds only what the checks need).
      const prev = await generateReport(src, g.org.id, y - 1, {
        withPrevious: false,
        only: (t, r) => t === 't3' || (t === 'stats' && r.startsWith('answer_')),
      }).catch(() => undefined);
      const before = prev ? outcomeGroups(prev.report) : undefined;
      const same = before && before.labels.join() === now.labels.join();
      const series = [...(same ? [{ name: `${y - 1}年`, values: before.values }] : []), { name: `${y}年`, values: now.values }];
      out.push({
        name: 'outcomes',
        spec: { kind: 'bar', title: '政府信息公开申请办理结果', categories: now.labels, series, unit: '件' },
        alt: series.map((s) => `${s.name}：${s.values.map((v, i) => `${now.labels[i]}${v}件`).join('，')}`).join('；'),
        caption: `图3 ${same ? `${y - 1}年与` : ''}${y}年政府信息公开申请办理结果`,
      });
    }
  }

  if (want('processing')) {
    const stats = await Promise.all(years.map((year) => processingStats(src.ports.processingTimes, src.db, orgIds, year, asOf)));
    // A year without decided requests (no durations) shows as an empty series, not as no chart.
    if (stats.some((s) => s !== undefined)) {
      const labels = ['中位数', '平均数', '第90百分位'];
      const series = stats.map((s, i) => ({ name: `${years[i]}年（${s?.count ?? 0}件）`, values: s ? [s.median, s.mean, s.p90] : [null, null, null] }));
      out.push({
        name: 'processing',
        spec: { kind: 'bar', title: '依申请公开办理用时（工作日，扣除中止期间）', categories: labels, series, unit: '工作日' },
        alt: series.map((s) => `${s.name}：${s.values.map((v, i) => `${labels[i]}${v ?? '无'}个工作日`).join('，')}`).join('；'),
        caption: `图4 ${y - 1}年与${y}年依申请公开办理用时`,
      });
    }
  }
  return out;
}

/** Outcomes by the format's groups: 2019/2021 table 三（一）…（六）, or the old table's answer categories. */
export function outcomeGroups(report: Report): { labels: string[]; values: number[] } | undefined {
  const t3 = report.tables.find((t) => t.id === 't3');
  if (t3) {
    const labels: string[] = [];
    const values: number[] = [];
    let current = -1;
    for (const r of t3.rows) {
      if (r.key === 'total') {
        current = -1;
        continue;
      }
      if (r.level === 1) {
        labels.push(r.label.replace(/（[^）]*区分处理[^）]*）/, ''));
        values.push(0);
        current = labels.length - 1;
      }
      if (r.level === 0) current = -1;
      if (current >= 0 && !r.heading) values[current]! += r.cells.total ?? 0; // current indexes a pushed value
    }
    return { labels, values };
  }
  const stats = report.tables.find((t) => t.id === 'stats');
  if (stats) {
    const keys = [
      'answer_already_public',
      'answer_disclose',
      'answer_partial',
      'answer_refuse',
      'answer_not_this_agency',
      'answer_not_exist',
      'answer_amend',
      'answer_other_route',
    ];
    const rows = keys.map((k) => stats.rows.find((r) => r.key === k)).filter((r): r is NonNullable<typeof r> => !!r);
    return { labels: rows.map((r) => r.label.replace(/^\d、/, '').replace(/数$/, '')), values: rows.map((r) => getCell(report, 'stats', r.key, 'value') ?? 0) };
  }
  return undefined;
}
