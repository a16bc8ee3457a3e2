import sanitizeHtml from 'sanitize-html';

/**
 * Item bodies are rich text written in the back office or imported from old sites. What is kept:
 * the structure an official document needs (paragraphs, headings, lists, tables, emphasis, links,
 * images from this site). Everything else goes: scripts, styles, event handlers, iframes, forms,
 * `javascript:` and `data:` links. The portal's CSP forbids inline scripts and styles too, so a
 * payload that slipped through would still not run; this is the first line, not the only one.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'a',
    'img',
    'hr',
    'span',
    'div',
    'pre',
    'code',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowProtocolRelative: false,
  // Headings inside a body sit under the page's h1 (the item title): h1 becomes h2.
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.href && /^https?:/i.test(attribs.href) ? { rel: 'noopener noreferrer' } : {}) } }),
  },
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
};
OPTIONS.allowedAttributes = { ...OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] };

export function sanitizeBody(input: string): string {
  return sanitizeHtml(input, OPTIONS).trim();
}

/** Does this look like markup, or plain text typed with line breaks? */
export function looksLikeHtml(s: string): boolean {
  return /<\/?(p|br|div|h[1-6]|ul|ol|li|table|strong|em|b|i|a|span|img)\b[^>]*>/i.test(s);
}

/** Plain text (from a textarea or an import) → paragraphs, escaped. */
export function textToHtml(s: string): string {
  return s
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p)}</p>`)
    .join('\n');
}

/** A body as submitted: markup is sanitised, plain text becomes paragraphs. */
export function normaliseBody(input: string): string {
  return looksLikeHtml(input) ? sanitizeBody(input) : textToHtml(input);
}

/** Sanitised HTML → plain text (block ends become line breaks). */
export function htmlToText(h: string): string {
  return decodeEntities(
    h
      .replace(/<(br|hr)\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table|caption)>/gi, '\n')
      .replace(/<\/t[dh]>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+|#39);/gi, (m, e: string) => {
    if (ENTITIES[e]) return ENTITIES[e];
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : m;
    }
    return m;
  });
}
