import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The house's one-way rule, checked on the imports themselves (docs/ARCHITECTURE.md, "Layers"):
 * kernel ← storage ← platform ← modules ← cli ← app, a module reaches another only through its
 * index.ts, nothing under modules/ or platform/ imports app/ or cli/, and no file imports itself
 * back through a circle — static or dynamic imports alike (a lazy import does not make a circle
 * acceptable, it only hides it). Test files are exempt: they compose apps as they need.
 */
const root = join(new URL('../..', import.meta.url).pathname);
const SRC = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

const IMPORT =
  /(?:^|[\s;])(import|export)(\s+type)?\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^import\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

/**
 * Relative imports of a file, resolved to paths. Type-only imports bind the layers too, so the
 * layer check counts them; `runtimeOnly` leaves them out, for the circle check (interfaces that
 * name each other make no circle when the program runs).
 */
export function importsOf(file: string, text = readFileSync(file, 'utf8'), runtimeOnly = false): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    if (runtimeOnly && m[2]) continue;
    const spec = m[3] ?? m[4] ?? m[5];
    if (spec) out.push(normalize(join(dirname(file), spec)));
  }
  return out;
}

type Layer = 'kernel' | 'storage' | 'platform' | 'modules' | 'cli' | 'app';
const RANK: Record<Layer, number> = { kernel: 0, storage: 1, platform: 2, modules: 3, cli: 4, app: 5 };

function layerOf(file: string): { layer: Layer; module?: string } {
  const [top, second] = relative(SRC, file).split('/');
  if (top === 'modules') return { layer: 'modules', module: second };
  return { layer: top as Layer };
}

/** Every breach of the one-way rule in these files, as "from → to: why". */
export function layerViolations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const target of importsOf(file)) {
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      const where = `${relative(root, file)} → ${relative(root, target)}`;
      if (RANK[to.layer] > RANK[from.layer] && !(from.layer === 'cli' && to.layer === 'app')) out.push(`${where}: ${from.layer} may not import ${to.layer}`);
      if (from.layer === 'modules' && to.layer === 'modules' && from.module !== to.module && !target.endsWith(`/modules/${to.module}/index.ts`)) {
        out.push(`${where}: a module reaches another only through its index.ts`);
      }
    }
  }
  return out;
}

/** Circles in the import graph of these files (each reported once, as the files around it). */
export function importCycles(files: readonly string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, importsOf(f, undefined, true).filter((t) => known.has(t))]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push(stack.slice(stack.indexOf(t)).map((x) => relative(root, x)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

test('imports follow the one-way rule: kernel ← storage ← platform ← modules ← cli ← app, modules through their index.ts', () => {
  assert.deepEqual(layerViolations(sourceFiles(SRC)), []);
});

test('no import circle anywhere under src/ when the program runs, static or dynamic', () => {
  assert.deepEqual(importCycles(sourceFiles(SRC)), []);
});

test('the reader sees static, dynamic, side-effect and type-only imports', () => {
  const a = join(SRC, 'modules/x/a.ts');
  const text =
    "import { openApp } from '../../app/boot.ts';\nimport type { Org } from '../orgs/repo.ts';\nimport './types.ts';\nconst m = await import('./b.ts');";
  const all = importsOf(a, text);
  assert.deepEqual(
    all.sort(),
    [join(SRC, 'app/boot.ts'), join(SRC, 'modules/orgs/repo.ts'), join(SRC, 'modules/x/b.ts'), join(SRC, 'modules/x/types.ts')].sort(),
  );
  assert.deepEqual(importsOf(a, text, true).sort(), [join(SRC, 'app/boot.ts'), join(SRC, 'modules/x/b.ts'), join(SRC, 'modules/x/types.ts')].sort());
});
