import type { Command } from 'commander';
import { action, openCliApp } from './run.ts';
import { loadDemo, demoUsersText, isFresh } from '../app/demo.ts';
import { ConfigError, resolveSecret } from '../app/config.ts';
import { productionProblem } from '../platform/config.ts';
import type { BuiltServer } from '../app/server.ts';
import { startJobs } from '../platform/jobs.ts';
import { systemActor } from '../platform/context.ts';

export function registerServeCli(program: Command): void {
  program
    .command('serve')
    .description('start the web server (loads the demo district on a fresh database unless --no-demo)')
    .option('--port <n>', 'port (default GONGKAI_PORT or 3000)')
    .option('--host <host>', 'interface (default GONGKAI_HOST or 127.0.0.1)')
    .option('--no-demo', 'do not load the demo district on a fresh database')
    .action(async (o: { port?: string; host?: string; demo: boolean }) => {
      try {
        const app = await openCliApp({ port: o.port, host: o.host });
        // Production must know its public address before it serves anyone (issue 15, item 7).
        const problem = productionProblem(app.config, process.env);
        if (problem) throw new ConfigError(problem);
        if (o.demo && (await isFresh(app))) {
          console.log('首次启动：正在载入演示区县（洪江区）……');
          const t = performance.now();
          const r = await loadDemo(app);
          for (const l of r.lines) console.log(`  ${l}`);
          console.log(`演示数据载入完成（${((performance.now() - t) / 1000).toFixed(1)} 秒）。`);
          console.log(demoUsersText());
        }
        const { buildServer } = await import('../app/server.ts');
        const { fastify }: BuiltServer = await buildServer(app, { secret: resolveSecret(app.config) });
        const address = await fastify.listen({ port: app.config.port, host: app.config.host });
        console.log(`Gongkai 已启动：${address}  （门户：${address}/  工作台：${address}/admin）  数据库：${app.database.label}`);
        // The modules' scheduled jobs (the requests module's daily follow-up, …) run in the server only.
        const jobs = startJobs(app.registry.jobs, (job) => app.context(systemActor(), job.name));
        const stop = async () => {
          jobs.stop();
          await fastify.close();
          await app.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (e) {
        const { report } = await import('./run.ts');
        process.exitCode = report(e);
      }
    });

  program
    .command('demo')
    .description('load the demo district (idempotent) and print the demo users')
    .action(
      action(async () => {
        const app = await openCliApp();
        const r = await loadDemo(app);
        console.log(r.changed ? r.lines.join('\n') : '演示数据已存在，未作修改。');
        console.log(demoUsersText());
      }),
    );
}
