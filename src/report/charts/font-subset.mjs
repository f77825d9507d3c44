// Font subsets for the PNG rasteriser (png-worker.mjs). resvg (@resvg/resvg-js 2.6) reads a font
// file from disk again each time it shapes or outlines a run of text: 887 reads of the 760 KB
// DejaVu Sans for one chart with 425 labels, about 0.1 s of CPU per chart, much of it in the
// kernel. So the worker hands resvg 58 KB subsets of the fonts instead (HarfBuzz's hb-subset from
// harfbuzzjs, which keeps the layout tables, so kerning and metrics, and therefore the pixels, are
// the same), made once and cached. Plain JavaScript, like the worker it serves. Any failure falls
// back to the full font files: subsets only save time.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/** @type {Buffer | undefined} */
let wasm;

/** harfbuzzjs's hb-subset WebAssembly module, read on first use (its bytes are part of the cache key). */
function wasmBytes() {
  wasm ??= readFileSync(fileURLToPath(import.meta.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
  return wasm;
}

/** @type {WebAssembly.Exports | undefined} */
let hb;

/** The hb-subset module's exports (it has no imports), compiled on first use. */
function harfbuzz() {
  hb ??= new WebAssembly.Instance(new WebAssembly.Module(wasmBytes())).exports;
  return hb;
}

/** hb_subset_sets_t values: the name records and languages to keep. */
const HB_SUBSET_SETS_NAME_ID = 4;
const HB_SUBSET_SETS_NAME_LANG_ID = 5;

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
    // Every name record in every language (by default only IDs 0-6 in English survive, and fontdb
    // matches families by the typographic names 16 and 17 when a font has them).
    for (const set of [HB_SUBSET_SETS_NAME_ID, HB_SUBSET_SETS_NAME_LANG_ID]) {
      const all = x.hb_subset_input_set(input, set);
      x.hb_set_clear(all);
      x.hb_set_invert(all);
    }
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

/** Part of the cache key: change it when the subsets are made differently. */
const SUBSET_FORMAT = 2;

/** The tags of a font file's tables; [] when it is not a complete sfnt file (e.g. cut short). */
export function fontTables(font) {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  if (font.length < 12) return [];
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 /* true */ && version !== 0x4f54544f /* OTTO */) return [];
  const count = view.getUint16(4);
  if (12 + 16 * count > font.length) return [];
  const tags = [];
  for (let i = 0; i < count; i++) {
    const entry = 12 + 16 * i;
    if (view.getUint32(entry + 8) + view.getUint32(entry + 12) > font.length) return [];
    tags.push(String.fromCharCode(...font.subarray(entry, entry + 4)));
  }
  return tags;
}

/**
 * Why a subset would not draw like its source, from their tables; null when it would. hb-subset
 * drops tables it cannot subset: FFTM and DSIG do not affect drawing, and the legacy kern table is
 * not used when the font has GPOS (which carries the same kerning and is kept); any other loss
 * (kern without GPOS, AAT tables, bitmaps) means the full font is used.
 * @param {Uint8Array} source @param {Uint8Array} subset
 * @returns {string | null}
 */
export function subsetLoss(source, subset) {
  const from = fontTables(source);
  const to = new Set(fontTables(subset));
  if (to.size === 0) return 'the subset is not a font file';
  const droppable = new Set(['FFTM', 'DSIG', ...(from.includes('GPOS') ? ['kern'] : [])]);
  const lost = from.filter((t) => !to.has(t) && !droppable.has(t));
  return lost.length > 0 ? `the subset lost ${lost.join(', ')}` : null;
}

/**
 * Subsets of font files to REPERTOIRE, kept in a cache folder under a name made from the subset
 * format, harfbuzzjs's module, the font's content and the repertoire, so HarfBuzz runs once per
 * font per machine (compiling its WebAssembly costs about half a second of CPU, more than one
 * report saves) and later reports only read them. A font that cannot be subset, or whose subset
 * would draw differently, is used whole; so is every font when the cache cannot be written.
 */
export class FontSubsets {
  /** @param {string} cacheDir created when missing; subsets are written to it atomically */
  constructor(cacheDir) {
    this.cacheDir = cacheDir;
    /** @type {Map<string, string>} font file -> the file to draw with (its subset, or itself) */
    this.chosen = new Map();
    /** @type {string | undefined} */
    this.keyBase = undefined;
  }

  /**
   * Files to render `svg` with in place of `fontFiles`: each one's subset when the SVG's text uses
   * only REPERTOIRE, else `fontFiles` itself.
   * @param {readonly string[]} fontFiles
   * @param {string} svg
   * @returns {string[]}
   */
  filesFor(fontFiles, svg) {
    for (const ch of svgTextCharacters(svg)) if (!REPERTOIRE_SET.has(ch)) return [...fontFiles];
    return fontFiles.map((file) => {
      let chosen = this.chosen.get(file);
      if (chosen === undefined) {
        try {
          chosen = this.subsetOf(file);
        } catch {
          chosen = file; // remembered, so a failure costs once per worker, not once per chart
        }
        this.chosen.set(file, chosen);
      }
      return chosen;
    });
  }

  /** The cached subset of `file`, made when missing or unreadable; throws when there can be none. */
  subsetOf(file) {
    const font = readFileSync(file);
    this.keyBase ??= createHash('sha256').update(`reftbench font subset ${SUBSET_FORMAT}\0${REPERTOIRE}\0`).update(wasmBytes()).digest('hex');
    const key = createHash('sha256').update(this.keyBase).update(font).digest('hex').slice(0, 32);
    const path = join(this.cacheDir, `${key}.ttf`);
    let cached;
    try {
      cached = readFileSync(path);
    } catch {
      // not made yet
    }
    if (cached && subsetLoss(font, cached) === null) return path;
    const subset = subsetFont(font, REPERTOIRE);
    const loss = subsetLoss(font, subset);
    if (loss) throw new Error(`${file}: ${loss}`);
    mkdirSync(this.cacheDir, { recursive: true });
    const partial = `${path}.${process.pid}-${threadId}.tmp`;
    try {
      const fd = openSync(partial, 'w');
      try {
        writeSync(fd, subset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(partial, path);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    return path;
  }
}
