/**
 * A field of an imported record as trimmed text, whatever the file put there: absent → '', a
 * string as is, a number or boolean in its usual form, an object or array as its JSON (the field's
 * own check then refuses it; `String()` would throw on an object like `{"toString": 1}`).
 */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object') return JSON.stringify(v) ?? '';
  return String(v).trim();
}
