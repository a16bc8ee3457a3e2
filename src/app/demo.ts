import type { App } from './boot.ts';
import { modules } from './modules.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../modules/identity/demo.ts';

/**
 * Load the demo district, module by module in order, through the modules' own commands (so every
 * demo record is audited like any other). Idempotent: a second run adds nothing.
 */
export async function loadDemo(app: App): Promise<{ lines: string[]; changed: boolean }> {
  const ctx = app.context({ kind: 'system', userId: null, name: 'demo', grants: [] }, 'demo-load');
  const lines: string[] = [];
  for (const m of [...modules].filter((x) => x.demo).sort((a, b) => a.demo!.order - b.demo!.order)) {
    lines.push(...(await m.demo!.load(ctx, app)));
  }
  return { lines, changed: lines.length > 0 };
}

export function demoUsersText(): string {
  const rows = DEMO_USERS.map((u) => `  ${u.username.padEnd(11)} ${DEMO_PASSWORD}   ${u.note}`);
  return [`演示账户（密码均为 ${DEMO_PASSWORD}，正式使用前请修改或停用）：`, ...rows].join('\n');
}

/** A database with no orgs is fresh. */
export async function isFresh(app: App): Promise<boolean> {
  const r = await app.database.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  return !r;
}
