import { defineCommand } from '../../../platform/command.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.ts';
import { itemFields } from '../schemas.ts';
import { publicationDue } from '../deadlines.ts';
import { resolveFields, snapshotOf, writeHistory, auditText } from './common.ts';

/** A new item starts as a draft of the editor's org (or an org under it). */
export const createItem = defineCommand({
  name: 'catalogue.create',
  input: itemFields,
  async handler(ctx, input) {
    const { org, values } = await resolveFields(ctx, input);
    ctx.authorize('catalogue.edit', { orgPath: org.path });
    const due = publicationDue(await loadCalendar(ctx.tx), values.formed_on);
    const now = ctx.clock.now().toISOString();
    const row = await ctx.tx
      .insertInto('cat_items')
      .values({
        ...values,
        state: 'draft',
        is_public: 0,
        due_on: due.dueOn,
        due_provisional: due.provisional ? 1 : 0,
        version: 1,
        created_by: ctx.actor.userId,
        created_by_name: ctx.actor.name,
        source: 'web',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await writeHistory(ctx, id, { version: 1, event: 'create', state: 'draft', snapshot: snapshotOf(values) });
    return {
      result: { id, dueOn: due.dueOn },
      audit: {
        action: 'catalogue.create',
        subjectType: 'catalogue_item',
        subjectId: id,
        orgId: org.id,
        summary: { after: { title: auditText(values.title), formedOn: values.formed_on, dueOn: due.dueOn } },
      },
    };
  },
});
