/** The catalogue (主动公开): the only door other modules use. */
export type { Item, Column, PublicRow } from './repo.ts';
export { findItem, findItemByIndexNo, listColumns } from './repo.ts';
export { ITEM_STATES, CHANNELS, CHANNEL_LABELS, DISCLOSURE_LABELS, VALIDITY_LABELS, type ItemState, type Channel } from './types.ts';
export { ITEM_TRANSITIONS, STATE_LABELS } from './states.ts';
export { cataloguePolicy } from './policies.ts';
export { catalogueMigrations } from './migrations.ts';
export { createItem } from './commands/create-item.ts';
export { updateItem } from './commands/update-item.ts';
export { submitItem, approveItem, returnItem, publishItem, withdrawItem, reopenItem } from './commands/transitions.ts';
export { setValidity, addChannel, removeChannel, addAttachment, removeAttachment } from './commands/maintain.ts';
export { addColumn, updateColumn } from './commands/columns.ts';
export { importCommand, type ImportResult, type ImportProblem } from './commands/import-items.ts';
export { registerCatalogueCalendarHook } from './calendar-hook.ts';
export { catalogueMetrics } from './stats.ts';
export * as catalogueSettings from './settings.ts';
export { registerCatalogueCli } from './cli.ts';
