import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeBody, normaliseBody, htmlToText } from './sanitize.ts';

test('scripts, event handlers, javascript: links and inline styles are removed from a body', () => {
  const dirty = `<p onclick="alert(1)" style="color:red">通知<script>alert(1)</script></p><img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a><iframe src="//evil"></iframe><svg><script>alert(2)</script></svg><p><a href="https://www.gov.cn/">中国政府网</a></p>`;
  const clean = sanitizeBody(dirty);
  assert.doesNotMatch(clean, /script|onclick|onerror|javascript:|style=|iframe|svg/i);
  assert.match(clean, /<p>通知<\/p>/);
  assert.match(clean, /<a href="https:\/\/www.gov.cn\/" rel="noopener noreferrer">中国政府网<\/a>/);
});

test('a plain-text body becomes escaped paragraphs, so angle brackets show as text', () => {
  assert.equal(normaliseBody('第一段 1<2 且 3>2\n\n第二段'), '<p>第一段 1&lt;2 且 3&gt;2</p>\n<p>第二段</p>');
  assert.match(normaliseBody('<p>有<b>格式</b>的正文</p>'), /<p>有<b>格式<\/b>的正文<\/p>/);
});

test('text extracted from a body keeps paragraph breaks and decodes entities', () => {
  assert.equal(htmlToText('<p>一、低保&amp;救助</p><p>二、公示</p>'), '一、低保&救助\n二、公示');
});
