import type { Command } from 'commander';
import { action, cliContext, fail } from './run.ts';
import { execute } from '../platform/command.ts';
import { addOrg, moveOrg, findOrg, listOrgs, ORG_KINDS, ORG_KIND_LABELS } from '../modules/orgs/index.ts';

export function registerOrgsCli(program: Command): void {
  const org = program.command('org').description('the agency tree');
  org
    .command('add <name>')
    .description('add an org under a parent')
    .requiredOption('--kind <kind>', `one of: ${ORG_KINDS.join(', ')}`)
    .option('--parent <org>', 'parent org (code, name or id); omit only for the root')
    .option('--short <name>', 'short name')
    .option('--code <code>', '9-character 组织机构代码 or 18-character 统一社会信用代码')
    .option('--phone <phone>')
    .option('--address <address>')
    .option('--hours <text>', 'office hours')
    .option('--office <name>', 'the office handling disclosure requests')
    .action(
      action(async (name: string, o: Record<string, string | undefined>) => {
        const { ctx } = await cliContext();
        let parentId: number | null = null;
        if (o.parent) {
          const p = await findOrg(ctx.db, o.parent);
          if (!p) fail(`--parent: no such org: ${o.parent}`);
          parentId = p.id;
        }
        const r = await execute(ctx, addOrg, {
          name,
          kind: o.kind,
          parentId,
          shortName: o.short ?? '',
          code: o.code ?? '',
          phone: o.phone ?? '',
          address: o.address ?? '',
          officeHours: o.hours ?? '',
          disclosureOffice: o.office ?? '',
        });
        console.log(`added org #${r.id} ${name}`);
      }),
    );
  org
    .command('list')
    .description('print the tree')
    .option('--under <org>', 'only this subtree')
    .option('--json', 'machine-readable')
    .action(
      action(async (o: { under?: string; json?: boolean }) => {
        const { ctx } = await cliContext();
        let orgs = await listOrgs(ctx.db);
        if (o.under) {
          const root = await findOrg(ctx.db, o.under);
          if (!root) fail(`--under: no such org: ${o.under}`);
          orgs = orgs.filter((x) => x.path.startsWith(root.path));
        }
        if (o.json) return void console.log(JSON.stringify(orgs, null, 2));
        for (const x of orgs) console.log(`${'  '.repeat(x.depth)}${x.name}  [${ORG_KIND_LABELS[x.kind]}] #${x.id}${x.code ? ` ${x.code}` : ''}`);
        console.log(`${orgs.length} org(s)`);
      }),
    );
  org
    .command('move <org> <newParent>')
    .description('move an org (and its subtree) under another parent')
    .action(
      action(async (ref: string, parentRef: string) => {
        const { ctx } = await cliContext();
        const o = await findOrg(ctx.db, ref);
        if (!o) fail(`ORG: no such org: ${ref}`);
        const p = await findOrg(ctx.db, parentRef);
        if (!p) fail(`NEW_PARENT: no such org: ${parentRef}`);
        await execute(ctx, moveOrg, { id: o.id, parentId: p.id });
        console.log(`moved ${o.name} under ${p.name}`);
      }),
    );
}
