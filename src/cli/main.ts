import { Command } from 'commander';
import { registerPlatformCli } from './platform.ts';
import { registerOrgsCli } from './orgs.ts';
import { registerUsersCli } from './users.ts';
import { registerServeCli } from './serve.ts';
import { registerBackupCli } from './backup.ts';
import { modules } from '../app/modules.ts';
import { openCliApp, report, closeCliApp, cliContext, cliConfig } from './run.ts';

/** `gongkai <command>`: thin wrappers over module commands and queries. */
export function buildProgram(): Command {
  const program = new Command('gongkai')
    .description('Gongkai 公开 — open-government platform for a district government')
    .showHelpAfterError()
    .exitOverride((err) => {
      // Unknown options, missing arguments: exit 2 with commander's message.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerServeCli(program);
  registerPlatformCli(program);
  registerOrgsCli(program);
  registerUsersCli(program);
  registerBackupCli(program);
  const deps = { open: () => openCliApp(), operator: async () => (await cliContext()).ctx, config: cliConfig };
  for (const m of modules) m.cli?.(program, deps);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  process.exitCode = report(e);
} finally {
  if (!process.argv.includes('serve')) await closeCliApp();
}
