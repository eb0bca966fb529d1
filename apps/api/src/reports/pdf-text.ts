import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Sarabun (SIL OFL), the typeface Thai government documents use, as full TrueType files
 * from npm: it holds Thai and Latin glyphs with the mark positioning Thai needs, and pdfkit
 * embeds only the glyphs used. Read once, on first use.
 */
let fonts: { regular: Buffer; bold: Buffer } | undefined;
export function reportFonts(): { regular: Buffer; bold: Buffer } {
  const file = (style: string) =>
    readFileSync(require.resolve(`@expo-google-fonts/sarabun/${style}/Sarabun_${style}.ttf`));
  return (fonts ??= { regular: file('400Regular'), bold: file('600SemiBold') });
}

// Thai has no spaces between words: ICU's dictionary finds the breaks; graphemes keep a
// consonant with its vowel and tone marks when a single word must be split.
const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

/**
 * Breaks text into lines no wider than `width` (as `measure` reports widths), at word
 * boundaries in Thai and English alike; at most `maxLines`, the last ending in '…' when
 * cut. pdfkit's own wrapping breaks only at spaces and would split marks from their base.
 */
export function wrapText(text: string, width: number, measure: (piece: string) => number, maxLines = 12): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, ' ').split(/\r\n|\r|\n/)) {
    let line = '';
    let lineWidth = 0;
    for (const { segment: word } of words.segment(paragraph)) {
      const pieces = measure(word) > width ? Array.from(graphemes.segment(word), (g) => g.segment) : [word];
      for (const piece of pieces) {
        const pieceWidth = measure(piece);
        if (line && lineWidth + pieceWidth > width) {
          lines.push(line.trimEnd());
          line = piece.trim() ? piece : '';
          lineWidth = line ? pieceWidth : 0;
        } else {
          line += piece;
          lineWidth += pieceWidth;
        }
      }
    }
    lines.push(line.trimEnd());
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] += '…';
  return kept;
}
