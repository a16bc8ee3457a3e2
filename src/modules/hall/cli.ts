/**
 * `gongkai hall network --org ORG (--year YYYY | --date YYYY-MM-DD) [--json]`: the service network
 * over an org's subtree — branch centres, 便民服务中心 per township/town/street, 便民服务站 per
 * village/community, with the rate as displayed (the `hall.rateMode` setting).
 */
import type { Command } from 'commander';
import type { CliDeps } from '../../platform/module.ts';
import { ValidationError } from '../../kernel/errors.ts';
import { isIsoDate } from '../../kernel/dates.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { findOrg } from '../orgs/index.ts';
import { networkOn } from './repo.ts';
import { formatPercent, rateModeSetting } from './settings.ts';

export function registerHallCli(program: Command, deps: CliDeps): void {
  const hall = program.command('hall').description('政务服务中心和三级服务网络');
  hall
    .command('network')
    .description('服务网络覆盖情况：分中心数，乡镇街道便民服务中心、村社区便民服务站的覆盖数')
    .requiredOption('--org <org>', '机构：代码、名称或简称（统计其下属全部机构）')
    .option('--year <year>', '年度（统计到12月31日）')
    .option('--date <date>', '日期（YYYY-MM-DD，默认今天）')
    .option('--json', '输出 JSON')
    .action(async (o: { org: string; year?: string; date?: string; json?: boolean }, cmd: Command) => {
      if (o.year && !/^\d{4}$/.test(o.year)) throw ValidationError.field('--year', '年度应为四位数字');
      if (o.date && !isIsoDate(o.date)) throw ValidationError.field('--date', '日期格式应为 YYYY-MM-DD');
      const app = await deps.open();
      const db = app.database.db;
      const org = await findOrg(db, o.org);
      if (!org) throw ValidationError.field('--org', `没有这个机构：${o.org}`);
      const date = o.year ? `${o.year}-12-31` : (o.date ?? app.clock.today());
      const f = (await networkOn(db, org.id, date))!;
      const mode = await getSetting(db, rateModeSetting);
      const write = cmd.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t));
      if (o.json) {
        write(`${JSON.stringify({ org: org.name, date, ...f, stationsRate: formatPercent(f.stations.with, f.stations.of, mode) })}\n`);
        return;
      }
      write(
        [
          `${org.name}　截至 ${date}`,
          `政务服务分中心：${f.branchCentres} 个`,
          `便民服务中心：${f.centres.of} 个乡镇街道中 ${f.centres.with} 个建立（${formatPercent(f.centres.with, f.centres.of, mode)}）`,
          `便民服务站：${f.stations.of} 个村、社区中 ${f.stations.with} 个建立（${formatPercent(f.stations.with, f.stations.of, mode)}）`,
          '',
        ].join('\n'),
      );
    });
}
