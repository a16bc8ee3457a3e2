import type { Command } from 'commander';
import type { CliDeps } from '../../platform/module.ts';
import { ValidationError, type FieldIssue } from '../../kernel/errors.ts';
import { findOrg } from '../orgs/index.ts';
import { servicesSummary, summaryText } from './summary.ts';

/**
 * `gongkai services summary --org 洪江区 --year 2016 [--json]`: the year's 政务服务 figures over an
 * org's subtree (the power list, the branch centres and network, cases), as the annual report's
 * narrative counts them. Bad options name the option (exit 2).
 */
export function registerServicesCli(program: Command, deps: CliDeps): void {
  const services = program.command('services').description('政务服务：年度概况');
  services
    .command('summary')
    .description('某单位某年度的权力清单、服务网络和办件数字')
    .option('--org <org>', '单位：机构代码、名称或简称（必填）')
    .option('--year <year>', '年度（YYYY，必填）')
    .option('--json', '输出 JSON')
    .action(async (o: { org?: string; year?: string; json?: boolean }, cmd: Command) => {
      const issues: FieldIssue[] = [];
      if (!o.org) issues.push({ field: '--org', message: '请指定单位（机构代码、名称或简称）' });
      if (!o.year || !/^\d{4}$/.test(o.year)) issues.push({ field: '--year', message: '请指定四位数的年度' });
      if (issues.length) throw new ValidationError(issues);
      const app = await deps.open();
      const org = await findOrg(app.database.db, o.org!);
      if (!org) throw new ValidationError([{ field: '--org', message: `没有这个单位：${o.org}` }]);
      const s = await servicesSummary({ db: app.database.db, ports: app.ports }, { id: org.id, name: org.name }, Number(o.year));
      const write = cmd.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t));
      if (o.json) {
        const { org: _org, year: _year, ...figures } = s;
        write(`${JSON.stringify(figures, null, 2)}\n`);
      } else write(summaryText(s));
    });
}
