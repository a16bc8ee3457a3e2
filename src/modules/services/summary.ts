import type { Queryable } from '../../storage/db.ts';
import type { Ports } from '../../platform/module.ts';

type PowerCounts = Awaited<ReturnType<Ports['powerCounts']['summary']>>;
type NetworkCounts = Awaited<ReturnType<Ports['networkCounts']['summary']>>;
type CaseCounts = Awaited<ReturnType<Ports['caseCounts']['summary']>>;

/**
 * 政务服务概况 of a year over an org's subtree: the seed's section (一)3 (the power list), (三)4–5
 * (branch centres, the three-level network) and (四)2 (cases under electronic supervision) — each
 * figure counted by the module that keeps its records, read here through its port.
 */
export interface ServicesSummary {
  org: { id: number; name: string };
  year: number;
  powers: PowerCounts;
  branchCentres: number;
  network: Pick<NetworkCounts, 'centres' | 'stations'>;
  cases: CaseCounts;
}

export async function servicesSummary(
  src: { db: Queryable; ports: Pick<Ports, 'powerCounts' | 'networkCounts' | 'caseCounts'> },
  org: { id: number; name: string },
  year: number,
): Promise<ServicesSummary> {
  const [powers, network, cases] = await Promise.all([
    src.ports.powerCounts.summary(src.db, org.id, year),
    src.ports.networkCounts.summary(src.db, org.id, year),
    src.ports.caseCounts.summary(src.db, org.id, year),
  ]);
  return { org, year, powers, branchCentres: network.branchCentres, network: { centres: network.centres, stations: network.stations }, cases };
}

/** A share as the seed prints it: 21/38 → "55%" (truncated by default; services.md preamble). */
export function percent(part: number, whole: number, rounding: 'truncate' | 'round' = 'truncate'): string {
  if (whole <= 0) return '—';
  const v = (part * 100) / whole;
  return `${rounding === 'round' ? Math.round(v) : Math.floor(v + 1e-9)}%`;
}

/** The summary as a clerk reads it on a terminal. */
export function summaryText(s: ServicesSummary, rounding: 'truncate' | 'round' = 'truncate'): string {
  const lines = [`${s.org.name} ${s.year}年政务服务概况`, '', '权力清单（年末保留）：'];
  for (const [name, n] of Object.entries(s.powers.byCategory)) lines.push(`  ${name.padEnd(8, '　')} ${n} 项`);
  lines.push(
    `  本年取消 ${s.powers.cancelled} 项；下放乡街 ${s.powers.delegated} 项（全程办理 ${s.powers.delegatedFull} 项，代办 ${s.powers.delegatedProxy} 项）`,
    '',
    `政务服务分中心：${s.branchCentres} 个`,
    `乡（镇、街道）便民服务中心：${s.network.centres.with} / ${s.network.centres.of}（${percent(s.network.centres.with, s.network.centres.of, rounding)}）`,
    `村（社区）便民服务站：${s.network.stations.with} / ${s.network.stations.of}（${percent(s.network.stations.with, s.network.stations.of, rounding)}）`,
    '',
    `办件：受理 ${s.cases.total} 件，超时 ${s.cases.overdue} 件；预警 ${s.cases.warning}，黄牌 ${s.cases.yellow}，红牌 ${s.cases.red}`,
  );
  return `${lines.join('\n')}\n`;
}
