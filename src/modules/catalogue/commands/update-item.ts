import { defineCommand } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { itemUpdate } from '../schemas.ts';
import { publicationDue } from '../deadlines.ts';
import { EDITABLE_STATES } from '../states.ts';
import { loadItem, resolveFields, snapshotOf, valuesOf, writeHistory, notEditable, auditText } from './common.ts';

/** Edit a draft or a returned item: a new version, the old one kept in the history. */
export const updateItem = defineCommand({
  name: 'catalogue.update',
  input: itemUpdate,
  async handler(ctx, input) {
    const item = await loadItem(ctx, input.id);
    ctx.authorize('catalogue.edit', { orgPath: item.orgPath });
    if (!EDITABLE_STATES.includes(item.state)) throw notEditable(item);
    const { org, values } = await resolveFields(ctx, input);
    // Moving an item to another org is editing that org's catalogue too.
    if (org.id !== item.orgId) ctx.authorize('catalogue.edit', { orgPath: org.path });
    const before = snapshotOf(valuesOf(item));
    const after = snapshotOf(values);
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    if (!changed.length) {
      return {
        result: { id: item.id, version: item.version, changed },
        audit: { action: 'catalogue.update', subjectType: 'catalogue_item', subjectId: item.id, orgId: item.orgId, summary: { changed: [] } },
      };
    }
    const due = values.formed_on !== item.formedOn ? publicationDue(await loadCalendar(ctx.tx), values.formed_on) : null;
    const version = item.version + 1;
    await ctx.tx
      .updateTable('cat_items')
      .set({ ...values, version, updated_at: ctx.clock.now().toISOString(), ...(due ? { due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0 } : {}) })
      .where('id', '=', item.id)
      .execute();
    await writeHistory(ctx, item.id, { version, event: 'edit', state: item.state, snapshot: after });
    return {
      result: { id: item.id, version, changed },
      audit: {
        action: 'catalogue.update',
        subjectType: 'catalogue_item',
        subjectId: item.id,
        orgId: org.id,
        summary: { version, changed, title: auditText(values.title) },
      },
    };
  },
});
