import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, raw, attrs, url } from './html.ts';

test('interpolated text is escaped, nested templates are not escaped twice', () => {
  const name = '<script>alert(1)</script>"\'`';
  const inner = html`<b>${name}</b>`;
  assert.equal(
    html`<p title="${name}">${inner}</p>`.value,
    '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&#96;"><b>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&#96;</b></p>',
  );
  assert.equal(html`${[1, '<', null, false, raw('<i>x</i>')]}`.value, '1&lt;<i>x</i>');
});

test('attributes drop empty values and escape the rest; urls encode parameters', () => {
  assert.equal(attrs({ a: 'x"y', b: null, c: true, d: false }).value, ' a="x&quot;y" c');
  assert.equal(url('/search', { q: '行政 复议&', page: 2, org: '' }), '/search?q=%E8%A1%8C%E6%94%BF%20%E5%A4%8D%E8%AE%AE%26&page=2');
});
