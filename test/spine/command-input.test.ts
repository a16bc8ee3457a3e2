import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseInput } from '../../src/platform/command.ts';
import { ValidationError } from '../../src/kernel/errors.ts';
import { updateActivityInput } from '../../src/modules/reports/schemas.ts';

/** Bad input names each field and says why, in Chinese — also for checks a schema left without a message. */
test('a refused input names each field with a Chinese reason; a message written in the schema wins', () => {
  const schema = z.object({ count: z.coerce.number().int().positive(), name: z.string().min(2, '名称至少2个字'), kind: z.enum(['a', 'b']) });
  let err: unknown;
  try {
    parseInput(schema, { count: '0', name: 'x', kind: 'c' });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ValidationError);
  assert.deepEqual(
    err.issues.map((i) => [i.field, i.message]),
    [
      ['count', '应大于0'],
      ['name', '名称至少2个字'],
      ['kind', '不是可选的值（可选：a、b）'],
    ],
  );
});

test('editing an activity that answers no concern is accepted (a missing concern is not the number 0)', () => {
  const input = parseInput(updateActivityInput, {
    id: '7',
    orgId: '1',
    kind: 'press_conference',
    heldOn: '2026-03-01',
    title: '新闻发布会',
    concernId: '',
    notes: '',
  });
  assert.equal(input.concernId, null);
  assert.equal(input.id, 7);
  assert.throws(
    () => parseInput(updateActivityInput, { id: '7', orgId: '1', kind: 'response', heldOn: '2026-03-01', title: '回应', concernId: '' }),
    (e: ValidationError) => e.issues.some((i) => i.field === 'concernId' && /公众关注/.test(i.message)),
  );
});
