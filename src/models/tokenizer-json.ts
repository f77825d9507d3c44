/**
 * Builders of `tokenizer.json` files in the HF tokenizers format, for the models this project
 * writes itself: WordPiece (BERT), byte-level BPE (RoBERTa/GPT-2 style) and SentencePiece-style BPE
 * with byte fallback (LLaMA, llama2.c). Also derives BPE merges from SentencePiece piece scores,
 * the way a SentencePiece-BPE model is converted: every split of a piece into two pieces of the
 * vocabulary is a merge, ranked by the score of the merged piece.
 */

/** SentencePiece's word-boundary marker, which replaces spaces in pieces. */
export const SPIECE_UNDERLINE = '\u2581';

interface AddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

function addedToken(id: number, content: string): AddedToken {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

function vocabObject(pieces: readonly string[]): Record<string, number> {
  const vocab: Record<string, number> = {};
  pieces.forEach((piece, id) => {
    if (Object.hasOwn(vocab, piece)) throw new Error(`duplicate vocabulary piece ${JSON.stringify(piece)} at ids ${vocab[piece]} and ${id}`);
    vocab[piece] = id;
  });
  return vocab;
}

/**
 * BPE merges from SentencePiece scores: for each piece, every split into two vocabulary pieces,
 * ordered by the merged piece's score (highest first, ties by id), then by the ids of the parts.
 * `mergeable(id)` excludes control and byte tokens.
 */
export function mergesFromScores(pieces: readonly string[], scores: readonly number[], mergeable: (id: number) => boolean): [string, string][] {
  const ids = new Map<string, number>();
  pieces.forEach((piece, id) => {
    if (mergeable(id)) ids.set(piece, id);
  });
  const found: { left: string; right: string; score: number; merged: number; l: number; r: number }[] = [];
  pieces.forEach((piece, merged) => {
    if (!mergeable(merged)) return;
    const chars = [...piece];
    for (let cut = 1; cut < chars.length; cut++) {
      const left = chars.slice(0, cut).join('');
      const right = chars.slice(cut).join('');
      const l = ids.get(left);
      const r = ids.get(right);
      if (l !== undefined && r !== undefined) found.push({ left, right, score: scores[merged]!, merged, l, r });
    }
  });
  found.sort((a, b) => b.score - a.score || a.merged - b.merged || a.l - b.l || a.r - b.r);
  return found.map((m) => [m.left, m.right]);
}

/** GPT-2's byte → printable character table used by byte-level BPE. */
export function bytesToUnicode(): string[] {
  const table: string[] = new Array(256);
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) table[b] = String.fromCodePoint(printable(b) ? b : 256 + extra++);
  return table;
}

/** The 256 byte tokens `<0x00>` … `<0xFF>` of a byte-fallback vocabulary. */
export function byteTokens(): string[] {
  return Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
}

export interface ByteFallbackBpeSpec {
  /** Every piece by id; spaces already written as ▁; includes `<0xNN>` byte tokens. */
  pieces: readonly string[];
  merges: readonly [string, string][];
  unkId: number;
  bosId: number;
  eosId: number;
}

/** A LLaMA-style tokenizer.json: SentencePiece BPE with byte fallback, BOS prepended. */
export function byteFallbackBpeTokenizerJson(spec: ByteFallbackBpeSpec): Record<string, unknown> {
  const unk = spec.pieces[spec.unkId]!;
  const bos = spec.pieces[spec.bosId]!;
  const eos = spec.pieces[spec.eosId]!;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(spec.unkId, unk), addedToken(spec.bosId, bos), addedToken(spec.eosId, eos)],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: SPIECE_UNDERLINE },
        { type: 'Replace', pattern: { String: ' ' }, content: SPIECE_UNDERLINE },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: bos, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bos]: { id: bos, ids: [spec.bosId], tokens: [bos] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: SPIECE_UNDERLINE }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: unk,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab: vocabObject(spec.pieces),
      merges: spec.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

export interface WordPieceSpec {
  /** Every token by id, `##` marking continuations. */
  tokens: readonly string[];
  padId: number;
  unkId: number;
  clsId: number;
  sepId: number;
  maskId: number;
}

/** A BERT-style (uncased) WordPiece tokenizer.json: [CLS] A [SEP] (B [SEP]). */
export function wordPieceTokenizerJson(spec: WordPieceSpec): Record<string, unknown> {
  const t = (id: number) => spec.tokens[id]!;
  const [cls, sep] = [t(spec.clsId), t(spec.sepId)];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [spec.padId, spec.unkId, spec.clsId, spec.sepId, spec.maskId].sort((a, b) => a - b).map((id) => addedToken(id, t(id))),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: {
        [cls]: { id: cls, ids: [spec.clsId], tokens: [cls] },
        [sep]: { id: sep, ids: [spec.sepId], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: t(spec.unkId),
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: vocabObject(spec.tokens),
    },
  };
}

export interface ByteLevelBpeSpec {
  /** Every token by id, in the byte-level alphabet (`Ġ` = space). */
  tokens: readonly string[];
  merges: readonly [string, string][];
  bosId: number;
  padId: number;
  eosId: number;
  unkId: number;
  maskId: number;
}

/** A RoBERTa-style byte-level BPE tokenizer.json: <s> A </s> (</s> B </s>). */
export function byteLevelBpeTokenizerJson(spec: ByteLevelBpeSpec): Record<string, unknown> {
  const t = (id: number) => spec.tokens[id]!;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [spec.bosId, spec.padId, spec.eosId, spec.unkId, spec.maskId]
      .sort((a, b) => a - b)
      .map((id) => ({ ...addedToken(id, t(id)), lstrip: id === spec.maskId })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [t(spec.eosId), spec.eosId],
      cls: [t(spec.bosId), spec.bosId],
      trim_offsets: true,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: vocabObject(spec.tokens),
      merges: spec.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}
