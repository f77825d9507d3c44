/**
 * Turns generated token ids into text, the same way for every backend: each continuation is cut at
 * the model tokenizer's end-of-sequence token (the one the data layer appends to training
 * responses) and decoded with the tokenizer's own decoder, special tokens skipped. Backends hand
 * back text in `LmScores.generations`, so the metrics never depend on which backend decoded.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenizer } from '../data/tokenizer.ts';

export interface GeneratedText {
  /** The end-of-sequence token id generation stops at, when the tokenizer has one. */
  readonly eosTokenId: number | undefined;
  /** The text of one continuation (ids after the prompt), cut at the first end-of-sequence token. */
  text(ids: readonly number[]): string;
}

/** The decoder of `<modelDir>/tokenizer.json` (with tokenizer_config.json when present). */
export async function loadGeneratedText(modelDir: string): Promise<GeneratedText> {
  const file = join(modelDir, 'tokenizer.json');
  const encoder = await loadTokenizer(file);
  const json = JSON.parse(await readFile(file, 'utf8')) as object;
  const configText = await readFile(join(dirname(file), 'tokenizer_config.json'), 'utf8').catch(() => '{}');
  const lib = new Tokenizer(json, JSON.parse(configText) as object);
  const eos = encoder.eosTokenId;
  return {
    eosTokenId: eos,
    text(ids) {
      const end = eos === undefined ? -1 : ids.indexOf(eos);
      const kept = end < 0 ? [...ids] : ids.slice(0, end);
      return kept.length === 0 ? '' : lib.decode(kept, { skip_special_tokens: true });
    },
  };
}
