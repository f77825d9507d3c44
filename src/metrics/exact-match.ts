/**
 * Exact match of generated text (causal-LM tasks): the fraction of examples whose generated response,
 * with surrounding whitespace trimmed, equals the reference response trimmed.
 */
export function exactMatch(generated: readonly string[], references: readonly string[]): number {
  if (generated.length !== references.length) {
    throw new Error(`exact_match: ${generated.length} generations for ${references.length} references`);
  }
  if (references.length === 0) throw new Error('exact_match: no examples to score');
  let hits = 0;
  for (let i = 0; i < references.length; i++) if (generated[i]!.trim() === references[i]!.trim()) hits++;
  return hits / references.length;
}
