import type { Command } from 'commander';
import { action, cliContext, fail, readPassword } from './run.ts';
import { execute } from '../platform/command.ts';
import { findOrg } from '../modules/orgs/index.ts';
import { addUser, setPassword, setUserDisabled, unlockUser, grantRole, findUserByName } from '../modules/identity/index.ts';
import { ROLES } from '../platform/authz/roles.ts';

async function userId(ctx: Awaited<ReturnType<typeof cliContext>>['ctx'], username: string): Promise<number> {
  const u = await findUserByName(ctx.db, username);
  if (!u) fail(`USERNAME: no such user: ${username}`);
  return Number(u.id);
}

export function registerUsersCli(program: Command): void {
  const user = program.command('user').description('user accounts');
  user
    .command('add <username>')
    .description('create a user (password from --password, stdin, or a prompt)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--org <org>', 'the org the user works in')
    .option('--role <role@org...>', `role granted on an org subtree, e.g. handler@常青乡 (roles: ${ROLES.join(', ')}); @org defaults to --org`)
    .option('--password <password>', 'initial password (visible in the process list: prefer stdin)')
    .action(
      action(async (username: string, o: { name: string; org: string; role?: string[]; password?: string }) => {
        const { ctx } = await cliContext();
        const org = await findOrg(ctx.db, o.org);
        if (!org) fail(`--org: no such org: ${o.org}`);
        const grants = [];
        for (const spec of o.role ?? []) {
          const [role, scopeRef] = spec.split('@');
          const scope = scopeRef ? await findOrg(ctx.db, scopeRef) : org;
          if (!scope) fail(`--role: no such org: ${scopeRef}`);
          grants.push({ role, orgId: scope.id });
        }
        const password = await readPassword(o.password);
        const r = await execute(ctx, addUser, { username, displayName: o.name, orgId: org.id, password, grants });
        console.log(`added user #${r.id} ${username}`);
      }),
    );
  user
    .command('passwd <username>')
    .description("reset a user's password (also unlocks the account)")
    .option('--password <password>')
    .action(
      action(async (username: string, o: { password?: string }) => {
        const { ctx } = await cliContext();
        const id = await userId(ctx, username);
        await execute(ctx, setPassword, { userId: id, password: await readPassword(o.password, 'New password: ') });
        console.log(`password of ${username} set; its sessions ended`);
      }),
    );
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${verb} <username>`)
      .description(disabled ? 'disable an account and end its sessions' : 're-enable an account')
      .action(
        action(async (username: string) => {
          const { ctx } = await cliContext();
          await execute(ctx, setUserDisabled, { userId: await userId(ctx, username), disabled });
          console.log(`${username} ${disabled ? 'disabled' : 'enabled'}`);
        }),
      );
  }
  user
    .command('unlock <username>')
    .description('unlock an account locked by failed logins from many addresses (audited)')
    .action(
      action(async (username: string) => {
        const { ctx } = await cliContext();
        await execute(ctx, unlockUser, { userId: await userId(ctx, username) });
        console.log(`${username} unlocked`);
      }),
    );
  user
    .command('grant <username> <role> <org>')
    .description('grant a role on an org subtree')
    .action(
      action(async (username: string, role: string, orgRef: string) => {
        const { ctx } = await cliContext();
        const org = await findOrg(ctx.db, orgRef);
        if (!org) fail(`ORG: no such org: ${orgRef}`);
        await execute(ctx, grantRole, { userId: await userId(ctx, username), role, orgId: org.id });
        console.log(`granted ${role} on ${org.name} to ${username}`);
      }),
    );
}
