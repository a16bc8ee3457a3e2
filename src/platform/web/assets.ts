import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, extname } from 'node:path';

/**
 * Static assets are few and small: read once at start, served from memory with a content hash in
 * the URL so browsers cache them for a year and never see a stale stylesheet.
 */
const dir = join(import.meta.dirname, 'assets');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

const assets = new Map<string, Asset>();
for (const name of readdirSync(dir)) {
  const body = readFileSync(join(dir, name));
  assets.set(name, { body, type: TYPES[extname(name)] ?? 'application/octet-stream', hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

export function asset(name: string): Asset | undefined {
  return assets.get(name);
}

export function assetUrl(name: string): string {
  const a = assets.get(name);
  return a ? `/assets/${name}?v=${a.hash}` : `/assets/${name}`;
}
