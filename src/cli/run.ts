import { isAppError, ValidationError } from '../kernel/errors.ts';
import { ConfigError, loadConfig } from '../app/config.ts';
import { openApp, type App } from '../app/boot.ts';
import { systemActor, type AppContext } from '../platform/context.ts';
import type { Config } from '../platform/config.ts';

/**
 * Shared plumbing for CLI verbs: open the app once per invocation, act as the system operator,
 * and turn errors into messages and exit codes (2 = bad input, naming the argument; 1 = refused
 * or failed). Nothing half-written: every change goes through one command, one transaction.
 */
let opened: Promise<App> | undefined;
export function openCliApp(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<App> {
  opened ??= openApp(loadConfig(process.env, overrides));
  return opened;
}

/** The settings from the environment, read once, without opening the database. */
let config: Config | undefined;
export function cliConfig(): Config {
  config ??= loadConfig(process.env);
  return config;
}

export async function closeCliApp(): Promise<void> {
  if (opened) await (await opened).close();
  opened = undefined;
}

export async function cliContext(): Promise<{ app: App; ctx: AppContext }> {
  const app = await openCliApp();
  return { app, ctx: app.context(systemActor()) };
}

export function fail(message: string, code = 2): never {
  throw Object.assign(new Error(message), { exitCode: code });
}

/** Wrap an action: print errors plainly and set the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      process.exitCode = report(e);
    } finally {
      await closeCliApp();
    }
  };
}

export function report(e: unknown): number {
  const err = e as Error & { exitCode?: number };
  if (e instanceof ConfigError) {
    console.error(err.message);
    return 2;
  }
  if (e instanceof ValidationError) {
    for (const i of e.issues) console.error(`error: ${i.field}: ${i.message}`);
    return 2;
  }
  if (isAppError(e)) {
    console.error(`error: ${err.message}`);
    return 1;
  }
  if (err?.exitCode) {
    console.error(`error: ${err.message}`);
    return err.exitCode;
  }
  console.error(err?.stack ?? String(e));
  return 1;
}

/** Read a password: --password, else one line from stdin when piped, else a hidden prompt. */
export async function readPassword(given: string | undefined, prompt = 'Password: '): Promise<string> {
  if (given) return given;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let muted = false;
  out._writeToOutput = (s: string) => {
    if (!muted) process.stdout.write(s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
