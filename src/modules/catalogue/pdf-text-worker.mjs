// Reads the text of PDF files for the catalogue (see attachments.ts). Plain JavaScript run in a
// worker thread without the TypeScript loader: pdf.js is a large module that loads in ~0.3 s in
// plain Node but several seconds through a transforming loader, and parsing an untrusted PDF off
// the main thread keeps the web server responsive (and lets a stuck parse be terminated).
import { parentPort } from 'node:worker_threads';

const MAX_TEXT = 200_000;
let lib;

function cjk(c) {
  return c >= 0x3000 && c <= 0x9fff;
}

/** A line break between two Chinese characters is layout, not a word boundary: join them. */
function joinLines(items) {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    out += items[i].str;
    if (items[i].hasEOL) {
      const prev = out.charCodeAt(out.length - 1);
      const next = items[i + 1] ? items[i + 1].str.charCodeAt(0) : 0;
      if (!(cjk(prev) && cjk(next))) out += '\n';
    }
  }
  return out;
}

async function extract(bytes) {
  lib ??= await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await lib.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false })
    .promise;
  try {
    const pages = [];
    let length = 0;
    for (let p = 1; p <= doc.numPages && length < MAX_TEXT; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const t = joinLines(content.items.filter((i) => 'str' in i));
      pages.push(t);
      length += t.length;
      page.cleanup();
    }
    const meta = await doc.getMetadata().catch(() => null);
    const author = meta?.info && typeof meta.info.Author === 'string' ? meta.info.Author.trim() : '';
    return { text: pages.join('\n').trim(), author, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, bytes }) => {
  try {
    parentPort.postMessage({ id, ok: true, ...(await extract(bytes)) });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: String(e?.message || e) });
  }
});
