/**
 * Which base-model weights belong to the task head. BERT's pooler (pooler.dense) is built as a
 * base linear layer but counts as part of the shared classification head (src/methods/arch-counts.ts
 * `headParams`), so every PEFT method trains it with the head and no method adapts it.
 */

/** Whether the normalised HF weight name is part of the shared task head. */
export function isHeadBaseWeight(name: string): boolean {
  return name.startsWith('pooler.');
}
