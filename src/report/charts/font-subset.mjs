// Font subsets for the PNG rasteriser (png-worker.mjs). resvg (@resvg/resvg-js 2.6) reads a font
// file from disk again each time it shapes or outlines a run of text: 887 reads of the 760 KB
// DejaVu Sans for one chart with 425 labels, about 0.1 s of CPU per chart, much of it in the
// kernel. So the worker hands resvg 48 KB subsets of the fonts instead (HarfBuzz's hb-subset from
// harfbuzzjs, which keeps the layout tables, so kerning and metrics, and therefore the pixels, are
// the same), made once and cached. Plain JavaScript, like the worker it serves. Any failure falls
// back to the full font files: subsets only save time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Every character in the SVG's text nodes (between tags), entities decoded, sorted and without
 * repeats. Text in attributes is never drawn, so it is left out.
 * @param {string} svg
 * @returns {string}
 */
export function svgTextCharacters(svg) {
  const chars = new Set();
  for (const match of svg.matchAll(/>([^<]+)</g)) {
    const text = match[1].replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name) => {
      if (name[0] !== '#') return ENTITIES[name] ?? whole;
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
    for (const ch of text) chars.add(ch);
  }
  return [...chars].sort().join('');
}

/** @type {WebAssembly.Exports | undefined} */
let hb;

/** harfbuzzjs's hb-subset module (no imports), compiled on first use. */
function harfbuzz() {
  hb ??= new WebAssembly.Instance(new WebAssembly.Module(readFileSync(fileURLToPath(import.meta.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'))))).exports;
  return hb;
}

/**
 * The font reduced to the glyphs of `characters` (and .notdef), as a new font file's bytes; throws
 * when HarfBuzz cannot read the font.
 * @param {Uint8Array} font
 * @param {string} characters
 * @returns {Uint8Array}
 */
export function subsetFont(font, characters) {
  const x = /** @type {Record<string, Function> & { memory: WebAssembly.Memory }} */ (harfbuzz());
  const fontPtr = x.malloc(font.length);
  if (!fontPtr) throw new Error('out of wasm memory');
  new Uint8Array(x.memory.buffer).set(font, fontPtr);
  const HB_MEMORY_MODE_WRITABLE = 2;
  const blob = x.hb_blob_create(fontPtr, font.length, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = x.hb_face_create(blob, 0);
  x.hb_blob_destroy(blob);
  const input = x.hb_subset_input_create_or_fail();
  try {
    if (!input) throw new Error('hb_subset_input_create_or_fail failed');
    const unicodes = x.hb_subset_input_unicode_set(input);
    for (const ch of characters) x.hb_set_add(unicodes, ch.codePointAt(0));
    const subset = x.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('not a font HarfBuzz can subset');
    const out = x.hb_face_reference_blob(subset);
    const length = x.hb_blob_get_length(out);
    const data = x.hb_blob_get_data(out, 0);
    const bytes = new Uint8Array(x.memory.buffer, data, length).slice();
    x.hb_blob_destroy(out);
    x.hb_face_destroy(subset);
    if (length === 0) throw new Error('empty subset');
    return bytes;
  } finally {
    if (input) x.hb_subset_input_destroy(input);
    x.hb_face_destroy(face);
    x.free(fontPtr);
  }
}

/**
 * The characters a cached subset holds: printable ASCII and Latin-1, and the typographic, maths and
 * Greek characters reports and suite names commonly use. An SVG with any other character is
 * rasterised with the full fonts.
 */
export const REPERTOIRE = (() => {
  let chars = '';
  for (let c = 0x20; c <= 0x7e; c++) chars += String.fromCodePoint(c);
  for (let c = 0xa0; c <= 0xff; c++) chars += String.fromCodePoint(c);
  return `${chars}–—‘’“”•…−±·×÷→←≤≥≈≠µ∞√∑∆′″‰€αβγδεζηθικλμνξοπρστυφχψωΔΣΩ`;
})();
const REPERTOIRE_SET = new Set(REPERTOIRE);

/**
 * Subsets of font files to REPERTOIRE, kept in a cache folder under a name made from the font's
 * content and the repertoire, so HarfBuzz runs once per font per machine (compiling its WebAssembly
 * costs about half a second of CPU, more than one report saves) and later reports just read them.
 */
export class FontSubsets {
  /** @param {string} cacheDir created when missing; subsets are written to it atomically */
  constructor(cacheDir) {
    this.cacheDir = cacheDir;
    /** @type {Map<string, string>} font file -> its subset file */
    this.subsets = new Map();
  }

  /**
   * Files to render `svg` with in place of `fontFiles`: their subsets when the SVG's text uses only
   * REPERTOIRE, else (or when a subset cannot be made) `fontFiles` itself.
   * @param {readonly string[]} fontFiles
   * @param {string} svg
   * @returns {string[]}
   */
  filesFor(fontFiles, svg) {
    for (const ch of svgTextCharacters(svg)) if (!REPERTOIRE_SET.has(ch)) return [...fontFiles];
    try {
      return fontFiles.map((file) => this.subsetOf(file));
    } catch {
      return [...fontFiles];
    }
  }

  /** @param {string} file */
  subsetOf(file) {
    let path = this.subsets.get(file);
    if (path === undefined) {
      const font = readFileSync(file);
      const key = createHash('sha256').update(REPERTOIRE).update('\0').update(font).digest('hex').slice(0, 32);
      path = join(this.cacheDir, `${key}.ttf`);
      if (!existsSync(path)) {
        mkdirSync(this.cacheDir, { recursive: true });
        const partial = `${path}.${process.pid}-${threadId}.tmp`;
        writeFileSync(partial, subsetFont(font, REPERTOIRE));
        renameSync(partial, path);
      }
      this.subsets.set(file, path);
    }
    return path;
  }
}
