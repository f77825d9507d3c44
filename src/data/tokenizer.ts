/**
 * Tokenization from a model's `tokenizer.json`, with `@huggingface/tokenizers` (the Hugging Face
 * tokenizers' maintained JavaScript port; pure JS, no native code, works on Node 20).
 * The library tokenizes and applies the post-processor (special tokens, type ids); truncation is done
 * here because the library has none, following the Rust library's `longest_first` rule
 * (src/data/truncation.ts), so pairs come out as the model's fast tokenizer would give them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import { longestFirstLengths } from './truncation.ts';

/** Token ids of one example, with BERT's token type ids (0 for the first sequence, 1 for the second). */
export interface EncodedText {
  ids: number[];
  typeIds: number[];
}

/** Token ids of a causal-LM example: prompt then response; the loss covers positions ≥ promptLength. */
export interface EncodedCausal {
  ids: number[];
  promptLength: number;
}

export interface TextTokenizer {
  /** The tokenizer.json this was loaded from (for messages). */
  readonly file: string;
  /** sha256 of tokenizer.json, tokenizer_config.json (when present) and the tokenization code version. */
  readonly fingerprint: string;
  /** End-of-sequence token appended to causal-LM responses, when the tokenizer has one. */
  readonly eosTokenId: number | undefined;
  /** A text or a text pair with the model's special tokens, truncated to `maxLength` tokens in all. */
  encode(text: string, textPair: string | undefined, maxLength: number): EncodedText;
  /** A prompt and (for training) its response + EOS, special tokens as for a single text, cut at `maxLength`. */
  encodeCausal(prompt: string, response: string | undefined, maxLength: number): EncodedCausal;
}

/** Changes when reftbench's tokenization rules change, so cached token ids are rebuilt. */
const TOKENIZATION_RULES = 'reftbench-tokenization-1';

function libraryVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@huggingface/tokenizers');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return `@huggingface/tokenizers@${pkg.version}`;
}

const EOS_NAMES = ['</s>', '<|endoftext|>', '<|end_of_text|>', '<eos>', '<|eot_id|>'];

function tokenName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

interface PostProcessed {
  tokens: string[];
  tokens_pair?: string[];
  token_type_ids?: number[];
}
interface PostProcessorLike {
  post_process(tokens: string[], pair: string[] | null, addSpecialTokens: boolean): PostProcessed;
}

/** Builds a tokenizer from parsed tokenizer.json (and tokenizer_config.json) contents. */
export function tokenizerFromJson(json: object, config: object, fingerprint: string, file: string): TextTokenizer {
  let lib: Tokenizer;
  try {
    lib = new Tokenizer(json, config);
  } catch (error) {
    throw new UserError(dataMessages.unreadableTokenizer(file, error instanceof Error ? error.message : String(error)));
  }
  const post = lib.post_processor as unknown as PostProcessorLike | null;
  const added = new Map<string, number>();
  for (const [id, token] of lib.get_added_tokens_decoder()) added.set(token.content, id);
  const unkName = (json as { model?: { unk_token?: unknown } }).model?.unk_token;
  const unkId = typeof unkName === 'string' ? (added.get(unkName) ?? lib.token_to_id(unkName)) : undefined;
  const idOf = (token: string): number => {
    const id = added.get(token) ?? lib.token_to_id(token) ?? unkId;
    if (id === undefined) throw new UserError(dataMessages.unknownToken(file, token));
    return id;
  };
  // Pair tasks repeat sentences (an MNLI premise has three hypotheses): remember recent texts' pieces.
  const memo = new Map<string, string[]>();
  const pieces = (text: string): string[] => {
    if (text === '') return [];
    const known = memo.get(text);
    if (known !== undefined) return known;
    const tokens = lib.encode(text, { add_special_tokens: false }).tokens;
    if (memo.size >= 50_000) memo.clear();
    memo.set(text, tokens);
    return tokens;
  };
  const postProcess = (a: string[], b: string[] | null): { tokens: string[]; typeIds: number[] } => {
    if (post === null) {
      const tokens = [...a, ...(b ?? [])];
      return { tokens, typeIds: [...a.map(() => 0), ...(b ?? []).map(() => 1)] };
    }
    const out = post.post_process(a, b, true);
    const tokens = out.tokens_pair !== undefined && b !== null ? [...out.tokens, ...out.tokens_pair] : out.tokens;
    return { tokens, typeIds: out.token_type_ids ?? tokens.map(() => 0) };
  };
  const specialCount = (pair: boolean): number => postProcess([], pair ? [] : null).tokens.length;
  const singleSpecials = specialCount(false);
  const pairSpecials = specialCount(true);
  const marker = '\u0000reftbench-marker\u0000';
  const leadingSpecials = postProcess([marker], null).tokens.indexOf(marker);

  const configEos = tokenName((config as { eos_token?: unknown }).eos_token);
  const eosName = configEos ?? EOS_NAMES.find((name) => added.has(name));
  const eosTokenId = eosName === undefined ? undefined : (added.get(eosName) ?? lib.token_to_id(eosName));

  return {
    file,
    fingerprint,
    eosTokenId,
    encode(text, textPair, maxLength) {
      const a = pieces(text);
      const b = textPair === undefined ? null : pieces(textPair);
      const budget = maxLength - (b === null ? singleSpecials : pairSpecials);
      const [keepA, keepB] = longestFirstLengths(a.length, b?.length, budget);
      const { tokens, typeIds } = postProcess(a.slice(0, keepA), b === null ? null : b.slice(0, keepB));
      // A max length below the special tokens' count leaves only special tokens, cut to fit.
      return { ids: tokens.slice(0, maxLength).map(idOf), typeIds: typeIds.slice(0, maxLength) };
    },
    encodeCausal(prompt, response, maxLength) {
      const a = pieces(prompt);
      const r = response === undefined ? [] : pieces(response);
      const ids = postProcess([...a, ...r], null).tokens.map(idOf);
      if (response !== undefined && eosTokenId !== undefined && ids[ids.length - 1] !== eosTokenId) ids.push(eosTokenId);
      const kept = ids.slice(0, maxLength);
      return { ids: kept, promptLength: Math.min(Math.max(0, leadingSpecials) + a.length, kept.length) };
    },
  };
}

/** Loads `tokenizer.json` (and the `tokenizer_config.json` beside it, when there is one). */
export async function loadTokenizer(file: string): Promise<TextTokenizer> {
  let bytes: Buffer;
  let json: object;
  try {
    bytes = await readFile(file);
    json = JSON.parse(bytes.toString('utf8')) as object;
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.message : String(error);
    throw new UserError(dataMessages.unreadableTokenizer(file, reason));
  }
  const configFile = join(dirname(file), 'tokenizer_config.json');
  const configBytes = await readFile(configFile).catch(() => undefined);
  let config: object = {};
  if (configBytes !== undefined) {
    try {
      config = JSON.parse(configBytes.toString('utf8')) as object;
    } catch (error) {
      throw new UserError(dataMessages.unreadableTokenizer(configFile, error instanceof Error ? error.message : String(error)));
    }
  }
  const hash = createHash('sha256').update(bytes).update('\0').update(configBytes ?? '').update('\0').update(libraryVersion()).update(TOKENIZATION_RULES);
  return tokenizerFromJson(json, config, hash.digest('hex'), file);
}
