/** One problem found in a suite: where (a JSON pointer into the file) and what (a message text). */
export interface SuiteIssue {
  pointer: string;
  text: string;
  /** Point at the property name rather than its value (unknown fields). */
  atKey?: boolean;
}

/** Appends a segment to a JSON pointer, escaping `~` and `/`. */
export function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
