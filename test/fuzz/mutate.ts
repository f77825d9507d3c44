/**
 * Malformed variants of a well-formed JSON file, for the fuzz tests: byte flips, truncation,
 * deleted ranges, deep nesting, huge numbers and strings, and a wrong type at every JSON pointer.
 * Deterministic: the same seed gives the same variants.
 */

/** mulberry32: a small seeded generator (the same sequence on every machine). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** What was done, for a failure message (e.g. "flip byte 120", "wrong type at /models/0/id"). */
  kind: string;
  text: string;
}

/** Every JSON pointer of `value` ('' for the whole document). */
export function pointersOf(value: unknown, pointer = ''): string[] {
  const out = [pointer];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointersOf(v, `${pointer}/${i}`)));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return out;
}

const MARK = '\u0000reftbench-fuzz\u0000';

/** `value` as JSON text with the value at `pointer` replaced by the raw JSON text `raw`. */
export function replaceAt(value: unknown, pointer: string, raw: string): string {
  if (pointer === '') return raw;
  const copy = structuredClone(value) as Record<string, unknown>;
  const segments = pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent: Record<string, unknown> = copy;
  for (const s of segments.slice(0, -1)) parent = parent[s] as Record<string, unknown>;
  parent[segments.at(-1)!] = MARK;
  return JSON.stringify(copy, null, 2).replace(JSON.stringify(MARK), () => raw);
}

/** Raw JSON texts put in place of a value: every other JSON type, extremes, and oddities. */
export const REPLACEMENTS: readonly string[] = [
  'null', 'true', 'false', '0', '-1', '0.5', '-0', '1e308', '-1e308', '1e400', '-1e400', '123456789012345678901234567890',
  '""', '"x"', '"../../../../etc/passwd"', '"\\u0000"', '"\\ud800"', '[]', '{}', '[null]', '{"":null}', '[[[[[[[[[[]]]]]]]]]]',
];

const hugeString = (n: number) => JSON.stringify('é'.repeat(n));

/**
 * `count` mutants of `text` (a JSON document): a share of each kind, the wrong-type ones spread
 * over every pointer of the document.
 */
export function mutants(text: string, seed: number, count: number): Mutant[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const value = JSON.parse(text) as unknown;
  const pointers = pointersOf(value);
  const out: Mutant[] = [];
  const bytes = Buffer.from(text, 'utf8');
  const push = (kind: string, t: string) => out.push({ kind, text: t });
  const share = (fraction: number) => Math.max(1, Math.round(count * fraction));

  for (let i = 0; i < share(0.2); i++) {
    const copy = Buffer.from(bytes);
    const flips = 1 + int(3);
    const at: number[] = [];
    for (let f = 0; f < flips; f++) {
      const p = int(copy.length);
      at.push(p);
      copy[p] = random() < 0.5 ? copy[p]! ^ (1 << int(8)) : int(256);
    }
    push(`flip bytes ${at.join(',')}`, copy.toString('utf8'));
  }
  for (let i = 0; i < share(0.1); i++) {
    const cut = int(text.length);
    push(`truncate at ${cut}`, text.slice(0, cut));
  }
  for (let i = 0; i < share(0.1); i++) {
    const from = int(text.length);
    const length = 1 + int(Math.min(200, text.length - from));
    push(`delete ${from}+${length}`, text.slice(0, from) + text.slice(from + length));
  }
  for (let i = 0; i < share(0.02); i++) {
    const depth = [50, 99, 100, 101, 1000, 20000, 200000][i % 7]!;
    const pointer = pointers[int(pointers.length)]!;
    const open = random() < 0.5 ? '[' : '{"a":';
    const raw = open === '[' ? '['.repeat(depth) + ']'.repeat(depth) : open.repeat(depth) + '0' + '}'.repeat(depth);
    push(`nest ${depth} deep at ${pointer}`, replaceAt(value, pointer, random() < 0.2 ? raw.slice(0, raw.length / 2) : raw));
  }
  for (let i = 0; i < share(0.03); i++) {
    const pointer = pointers[int(pointers.length)]!;
    const raw = [hugeString(1 + int(300_000)), `1${'0'.repeat(400 + int(5000))}`, `-${'9'.repeat(1000)}.5e-99999`, `0.${'0'.repeat(400)}1`][i % 4]!;
    push(`huge value at ${pointer}`, replaceAt(value, pointer, raw));
  }
  // the rest: a wrong (or odd) value at every pointer, round robin
  let k = 0;
  while (out.length < count) {
    const pointer = pointers[k % pointers.length]!;
    const raw = REPLACEMENTS[(Math.floor(k / pointers.length) + k) % REPLACEMENTS.length]!;
    push(`${raw.slice(0, 20)} at ${pointer}`, replaceAt(value, pointer, raw));
    k++;
  }
  return out;
}
