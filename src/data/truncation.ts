/**
 * Truncation of a single sequence or a pair to a token budget, the way the Rust `tokenizers` library
 * does it with `truncation="longest_first"` (what a model's fast tokenizer does): with a pair, the
 * shorter sequence keeps what it can; when both are longer than half the budget, the first gets
 * ⌊budget/2⌋ and the second the rest. Tokens are always cut from the end.
 */

/** How many tokens of each sequence to keep within `budget` (special tokens already subtracted). */
export function longestFirstLengths(first: number, second: number | undefined, budget: number): [number, number] {
  const max = Math.max(0, budget);
  if (second === undefined) return [Math.min(first, max), 0];
  if (first + second <= max) return [first, second];
  const swap = first > second;
  let short = swap ? second : first;
  let long = swap ? first : second;
  long = short > max ? short : Math.max(short, max - short);
  if (short + long > max) {
    short = Math.floor(max / 2);
    long = short + (max % 2);
  }
  const keepFirst = swap ? long : short;
  const keepSecond = swap ? short : long;
  return [Math.min(first, keepFirst), Math.min(second, keepSecond)];
}
