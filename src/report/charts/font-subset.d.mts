// Types of font-subset.mjs (plain JavaScript, imported by the PNG worker, which runs without tsx).
export declare function svgTextCharacters(svg: string): string;
export declare function subsetFont(font: Uint8Array, characters: string): Uint8Array;
export declare const REPERTOIRE: string;
export declare function fontTables(font: Uint8Array): string[];
export declare function subsetLoss(source: Uint8Array, subset: Uint8Array): string | null;
export declare class FontSubsets {
  constructor(cacheDir: string);
  filesFor(fontFiles: readonly string[], svg: string): string[];
}
