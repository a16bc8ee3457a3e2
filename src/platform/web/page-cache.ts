/**
 * Rendered public pages for anonymous visitors, keyed by script + mode + URL. Any committed
 * command of the app clears it (the server subscribes it to the app's registry); entries also expire after `ttlMs`, which bounds staleness
 * when another process (the CLI) changes data. Bounded in size: the oldest entries go first.
 */
export class PageCacheStore {
  private readonly map = new Map<string, { body: string; at: number }>();
  constructor(
    private readonly maxEntries = 2000,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => performance.now(),
  ) {}
  get(key: string): string | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return e.body;
  }
  put(key: string, body: string): void {
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { body, at: this.now() });
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}
