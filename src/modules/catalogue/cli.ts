import type { Command } from 'commander';
import type { App } from '../../app/boot.ts';

/** `gongkai import catalogue`, `gongkai export catalogue`, `gongkai reindex`. */
export function registerCatalogueCli(_program: Command, _open: () => Promise<App>): void {}
