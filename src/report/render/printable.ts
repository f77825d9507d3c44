/**
 * Invisible characters in strings from suites and results, made visible as \uXXXX:
 * - printable(): for a terminal or a CI log line (and the Markdown escaper): every control character
 *   (C0 with newline and tab, DEL, C1), the line and paragraph separators and the bidirectional
 *   controls, so a string cannot move the cursor, start a new log line, recolour the log or reverse
 *   the text after it;
 * - withoutBidi(): for HTML, where line breaks and tabs are harmless: the same less \t, \n and \r.
 */

/** C0 and C1 controls, DEL, U+2028/2029 and the bidirectional controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI). */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, visible);
}

export function withoutBidi(text: string): string {
  return text.replace(INVISIBLE, visible);
}
