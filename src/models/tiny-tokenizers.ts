/**
 * The small but real tokenizers of the generated tiny models, built from one fixed English word
 * list: a WordPiece vocabulary (BERT), a byte-level BPE (RoBERTa) and a byte-fallback
 * SentencePiece-style BPE (LLaMA). Each is padded with unused filler tokens up to the vocabulary
 * size the model asks for, so a suite can choose the embedding size freely above the minimum.
 */
import { SPIECE_UNDERLINE, byteFallbackBpeTokenizerJson, byteLevelBpeTokenizerJson, byteTokens, bytesToUnicode, wordPieceTokenizerJson } from './tokenizer-json.ts';

/** Common words of simple English text (the synthetic tasks and TinyStories-like prompts). */
export const TINY_WORDS: readonly string[] = [
  'the', 'a', 'an', 'and', 'or', 'but', 'not', 'no', 'yes', 'is', 'was', 'are', 'were', 'be', 'it', 'he', 'she', 'they',
  'we', 'you', 'i', 'to', 'of', 'in', 'on', 'at', 'with', 'for', 'from', 'by', 'up', 'down', 'this', 'that', 'there',
  'one', 'two', 'three', 'day', 'time', 'once', 'upon', 'little', 'big', 'good', 'bad', 'happy', 'sad', 'red', 'blue',
  'green', 'cat', 'dog', 'ball', 'park', 'girl', 'boy', 'mom', 'dad', 'friend', 'play', 'run', 'saw', 'said', 'loved',
  'liked', 'went', 'had', 'have', 'very', 'so', 'then', 'all', 'what', 'movie', 'film', 'great', 'bored', 'fun', 'story',
];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '.,!?\'"-:;()';

/** Pads to `vocabSize` (null: no padding); a size below the base tokens is a programming error here. */
function pad(tokens: string[], vocabSize: number | null, filler: (n: number) => string): string[] {
  if (vocabSize === null) return tokens;
  if (vocabSize < tokens.length) throw new Error(`vocabulary size ${vocabSize} is below this tokenizer's ${tokens.length} base tokens`);
  const out = [...tokens];
  for (let n = 0; out.length < vocabSize; n++) out.push(filler(n));
  return out;
}

/** Left-to-right merge chains building each `prefix + word` from single characters. */
function chainMerges(words: readonly string[], prefix: string): { merges: [string, string][]; merged: string[] } {
  const merges: [string, string][] = [];
  const merged: string[] = [];
  const seen = new Set<string>();
  // Shorter results first, so every chain's earlier steps rank before its later ones.
  const maxLength = Math.max(...words.map((w) => w.length));
  for (let length = 2; length <= maxLength + prefix.length; length++) {
    for (const word of words) {
      const chars = [...(prefix + word)];
      if (chars.length < length) continue;
      const left = chars.slice(0, length - 1).join('');
      const result = left + chars[length - 1]!;
      if (seen.has(result)) continue;
      seen.add(result);
      merges.push([left, chars[length - 1]!]);
      merged.push(result);
    }
  }
  return { merges, merged };
}

export interface TinyTokenizer {
  json: Record<string, unknown>;
  /** Base tokens before padding (the minimum vocabulary size). */
  baseSize: number;
  bosTokenId?: number;
  eosTokenId?: number;
  padTokenId: number;
}

/** BERT: [PAD] [UNK] [CLS] [SEP] [MASK], characters, ##characters, whole words, then [unusedN]. */
export function tinyWordPiece(vocabSize: number | null): TinyTokenizer {
  const chars = [...LETTERS, ...DIGITS, ...PUNCTUATION];
  const base = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...chars, ...chars.map((c) => `##${c}`), ...TINY_WORDS.filter((w) => w.length > 1)];
  const tokens = pad(base, vocabSize, (n) => `[unused${n}]`);
  return {
    json: wordPieceTokenizerJson({ tokens, padId: 0, unkId: 1, clsId: 2, sepId: 3, maskId: 4 }),
    baseSize: base.length,
    padTokenId: 0,
  };
}

/** RoBERTa: <s> <pad> </s> <unk> <mask>, the 256 byte symbols, Ġword merges, then <unusedN>. */
export function tinyByteLevelBpe(vocabSize: number | null): TinyTokenizer {
  const byteChars = bytesToUnicode();
  const space = byteChars[0x20]!;
  const { merges, merged } = chainMerges(TINY_WORDS, space);
  const base = ['<s>', '<pad>', '</s>', '<unk>', '<mask>', ...byteChars, ...merged];
  const tokens = pad(base, vocabSize, (n) => `<unused${n}>`);
  return {
    json: byteLevelBpeTokenizerJson({ tokens, merges, bosId: 0, padId: 1, eosId: 2, unkId: 3, maskId: 4 }),
    baseSize: base.length,
    bosTokenId: 0,
    eosTokenId: 2,
    padTokenId: 1,
  };
}

/** LLaMA: <unk> <s> </s>, byte tokens, ▁ and single characters, ▁word merges, then <unusedN>. */
export function tinyByteFallbackBpe(vocabSize: number | null): TinyTokenizer {
  const { merges, merged } = chainMerges(TINY_WORDS, SPIECE_UNDERLINE);
  const singles = [SPIECE_UNDERLINE, ...LETTERS, ...LETTERS.toUpperCase(), ...DIGITS, ...PUNCTUATION];
  const base = ['<unk>', '<s>', '</s>', ...byteTokens(), ...singles, ...merged];
  const pieces = pad(base, vocabSize, (n) => `<unused${n}>`);
  return {
    json: byteFallbackBpeTokenizerJson({ pieces, merges, unkId: 0, bosId: 1, eosId: 2 }),
    baseSize: base.length,
    bosTokenId: 1,
    eosTokenId: 2,
    padTokenId: 0,
  };
}
