import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCjkFonts, MissingFontsError } from './fonts.ts';

test('the Debian Noto CJK collections are found, with the Simplified Chinese face picked in each', () => {
  const f = findCjkFonts();
  for (const face of [f.serif.regular, f.serif.bold, f.sans.regular, f.sans.bold]) assert.ok(existsSync(face.file), face.file);
  assert.match(f.serif.regular.file, /NotoSerifCJK-Regular\.ttc$/);
  assert.equal(f.serif.regular.postscriptName, 'NotoSerifCJKsc-Regular');
  assert.equal(f.sans.bold.postscriptName, 'NotoSansCJKsc-Bold');
  assert.equal(f.sans.regular.family, 'Noto Sans CJK SC');
});

test('missing fonts fail with a message naming the package fonts-noto-cjk and where it looked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-nofonts-'));
  try {
    assert.throws(
      () => findCjkFonts({ dirs: [dir] }),
      (e: unknown) => e instanceof MissingFontsError && e.message.includes('fonts-noto-cjk') && e.message.includes(dir) && e.missing.length === 4,
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('single-face OTF files are accepted where a distribution ships those instead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-otf-'));
  try {
    for (const n of ['NotoSerifCJKsc-Regular', 'NotoSerifCJKsc-Bold', 'NotoSansCJKsc-Regular', 'NotoSansCJKsc-Bold']) writeFileSync(join(dir, `${n}.otf`), '');
    const f = findCjkFonts({ dirs: [dir] });
    assert.equal(f.serif.bold.file, join(dir, 'NotoSerifCJKsc-Bold.otf'));
    assert.equal(f.serif.bold.postscriptName, undefined);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
