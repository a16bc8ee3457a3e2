import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the CJK fonts every renderer embeds live. PDF (pdfmake → pdfkit → fontkit) and PNG charts
 * (resvg) both need real font files on disk: we use the distribution's Noto CJK (Debian package
 * `fonts-noto-cjk`), not npm font packages — the @fontsource woff2 files give invisible text in
 * pdfkit (STACK.md), and the Debian TTCs carry all of Simplified Chinese with hinting and bold.
 *
 * Paths are found once and passed on; nothing here reads the environment. A deployment with the
 * fonts elsewhere passes its own `dirs`.
 */
export interface FontFace {
  /** Absolute path of the font file (TTC collection or single-face OTF). */
  file: string;
  /** The face inside a TTC collection (fontkit needs it to pick one); absent for single-face files. */
  postscriptName?: string;
  /** The family name as fontconfig/resvg and CSS know it, e.g. `Noto Serif CJK SC`. */
  family: string;
}

export interface CjkFonts {
  /** Song-style: stands in for 仿宋 / 宋体 / 小标宋 in PDF and charts. */
  serif: { regular: FontFace; bold: FontFace };
  /** Gothic: stands in for 黑体 (first-level headings, chart labels). */
  sans: { regular: FontFace; bold: FontFace };
}

/** Debian/Ubuntu (`fonts-noto-cjk`), Fedora/RHEL (`google-noto-*-cjk-fonts`), Alpine, and a local copy. */
export const DEFAULT_FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/google-noto-cjk',
  '/usr/share/fonts/google-noto-serif-cjk-fonts',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/noto',
];

/** The package to install when the fonts are missing; named in the error so an operator can act. */
export const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

export class MissingFontsError extends Error {
  override readonly name = 'MissingFontsError';
  constructor(
    readonly missing: readonly string[],
    readonly searched: readonly string[],
  ) {
    super(
      `Noto CJK fonts not found: ${missing.join(', ')} (looked in ${searched.join(', ')}). ` +
        `Install the Debian package ${CJK_FONT_PACKAGE} (apt-get install ${CJK_FONT_PACKAGE}), ` +
        `or pass the directory holding NotoSerifCJK-Regular.ttc as fontDirs.`,
    );
  }
}

type Candidate = { file: string; postscriptName?: string; family: string };
type Slot = { label: string; candidates: Candidate[] };

// Collections first (what Debian ships), then the single-face OTFs other distributions and the
// upstream release ship, so the same code finds whichever is installed.
const SLOTS: Record<'serifRegular' | 'serifBold' | 'sansRegular' | 'sansBold', Slot> = {
  serifRegular: slot('Noto Serif CJK SC Regular', 'Serif', 'Regular'),
  serifBold: slot('Noto Serif CJK SC Bold', 'Serif', 'Bold'),
  sansRegular: slot('Noto Sans CJK SC Regular', 'Sans', 'Regular'),
  sansBold: slot('Noto Sans CJK SC Bold', 'Sans', 'Bold'),
};

function slot(label: string, kind: 'Serif' | 'Sans', weight: 'Regular' | 'Bold'): Slot {
  const family = `Noto ${kind} CJK SC`;
  return {
    label,
    candidates: [
      { file: `Noto${kind}CJK-${weight}.ttc`, postscriptName: `Noto${kind}CJKsc-${weight}`, family },
      { file: `Noto${kind}CJKsc-${weight}.otf`, family },
      { file: `Noto${kind}SC-${weight}.otf`, family: `Noto ${kind} SC` },
    ],
  };
}

const cache = new Map<string, CjkFonts>();

/**
 * Finds the four Noto CJK faces. Throws MissingFontsError naming `fonts-noto-cjk` when any is
 * missing: a PDF without them would show empty boxes or no text, which is worse than no PDF.
 */
export function findCjkFonts(options: { dirs?: readonly string[] } = {}): CjkFonts {
  const dirs = options.dirs ?? DEFAULT_FONT_DIRS;
  const key = dirs.join('\n');
  const hit = cache.get(key);
  if (hit) return hit;

  const missing: string[] = [];
  const find = (s: Slot): FontFace => {
    for (const dir of dirs) {
      for (const c of s.candidates) {
        const file = join(dir, c.file);
        if (existsSync(file)) return c.postscriptName ? { file, postscriptName: c.postscriptName, family: c.family } : { file, family: c.family };
      }
    }
    missing.push(s.label);
    return { file: '', family: '' };
  };
  const fonts: CjkFonts = {
    serif: { regular: find(SLOTS.serifRegular), bold: find(SLOTS.serifBold) },
    sans: { regular: find(SLOTS.sansRegular), bold: find(SLOTS.sansBold) },
  };
  if (missing.length) throw new MissingFontsError(missing, dirs);
  cache.set(key, fonts);
  return fonts;
}
