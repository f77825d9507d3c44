/**
 * Turns generated token ids into text, the same way for every backend: each continuation is cut at
 * the first end-of-sequence token and decoded with the tokenizer's own decoder, special tokens
 * skipped. Backends hand back text in `LmScores.generations`, so the metrics never depend on which
 * backend decoded.
 *
 * The end-of-sequence tokens are the tokenizer's (the one the data layer appends to training
 * responses) together with every `eos_token_id` of the model's config.json (an id or a list, as
 * chat models such as Llama 3 give `<|eot_id|>` beside `<|end_of_text|>`). The torch worker stops at
 * the config's ids, the ort engine at this whole set; cutting at the first of the set here makes both
 * backends' text end at the same token, whichever of the two stopped first.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenizer } from '../data/tokenizer.ts';

export interface GeneratedText {
  /** The end-of-sequence token ids generation stops at (empty: only at maxNewTokens). */
  readonly eosTokenIds: readonly number[];
  /** The text of one continuation (ids after the prompt), cut at the first end-of-sequence token. */
  text(ids: readonly number[]): string;
}

/** The `eos_token_id` ids of a parsed config.json (an integer or a list of them; none otherwise). */
export function configEosTokenIds(config: unknown): number[] {
  const value = typeof config === 'object' && config !== null ? (config as { eos_token_id?: unknown }).eos_token_id : undefined;
  const ids = Array.isArray(value) ? (value as unknown[]) : [value];
  return ids.filter((id): id is number => Number.isInteger(id) && (id as number) >= 0);
}

/** Ids up to (not including) the first of `eos`. */
export function cutAtEos(ids: readonly number[], eos: readonly number[]): number[] {
  const end = ids.findIndex((id) => eos.includes(id));
  return end < 0 ? [...ids] : ids.slice(0, end);
}

/** The decoder of `<modelDir>/tokenizer.json` (with tokenizer_config.json when present) and the end tokens of it and config.json. */
export async function loadGeneratedText(modelDir: string): Promise<GeneratedText> {
  const file = join(modelDir, 'tokenizer.json');
  const encoder = await loadTokenizer(file);
  const json = JSON.parse(await readFile(file, 'utf8')) as object;
  const configText = await readFile(join(dirname(file), 'tokenizer_config.json'), 'utf8').catch(() => '{}');
  const modelConfigText = await readFile(join(modelDir, 'config.json'), 'utf8').catch(() => '{}');
  const lib = new Tokenizer(json, JSON.parse(configText) as object);
  const fromConfig = configEosTokenIds(JSON.parse(modelConfigText) as unknown);
  const eosTokenIds = [...new Set([...(encoder.eosTokenId === undefined ? [] : [encoder.eosTokenId]), ...fromConfig])];
  return {
    eosTokenIds,
    text(ids) {
      const kept = cutAtEos(ids, eosTokenIds);
      return kept.length === 0 ? '' : lib.decode(kept, { skip_special_tokens: true });
    },
  };
}
