// Types of font-subset.mjs (plain JavaScript, imported by the PNG worker, which runs without tsx).
export declare function svgTextCharacters(svg: string): string;
export declare function subsetFont(font: Uint8Array, characters: string): Uint8Array;
export declare const REPERTOIRE: string;
export declare class FontSubsets {
  constructor(cacheDir: string);
  filesFor(fontFiles: readonly string[], svg: string): string[];
}
