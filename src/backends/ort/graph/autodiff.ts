/**
 * Reverse-mode differentiation of a scalar loss with respect to chosen inputs. Only nodes that lie
 * on a path from a trainable input to the loss are differentiated, so nothing computed before the
 * lowest trainable module enters the backward graph. Backward nodes carry the scope
 * `grad:<scope of the forward node>`.
 */
import { gradRules } from './grad-rules.ts';
import type { Graph } from './graph.ts';
import * as op from './ops.ts';
import { isFloat, type Tensor } from './types.ts';

/** Returns d loss / d t for every t in `wrt` (zeros are materialised for unreachable inputs). */
export function gradients(g: Graph, loss: Tensor, wrt: readonly Tensor[]): Map<number, Tensor> {
  if (loss.shape.length !== 0) throw new Error(`the loss must be a scalar, got shape [${loss.shape}]`);
  const forwardCount = g.nodes.length;

  // Values that depend on a trainable input (forward sweep in creation = topological order).
  const dependsOnWrt = new Set<number>(wrt.map((t) => t.id));
  for (let i = 0; i < forwardCount; i++) {
    const node = g.nodes[i]!;
    if (node.op === 'StopGradient' || !isFloat(node.output.dtype)) continue;
    if (node.inputs.some((t) => dependsOnWrt.has(t.id))) dependsOnWrt.add(node.output.id);
  }

  const grads = new Map<number, Tensor>();
  grads.set(loss.id, g.withScope('grad:loss', () => g.scalar(1, loss.dtype)));
  const accumulate = (t: Tensor, dt: Tensor): void => {
    const prev = grads.get(t.id);
    grads.set(t.id, prev ? op.add(g, prev, dt) : dt);
  };

  for (let i = forwardCount - 1; i >= 0; i--) {
    const node = g.nodes[i]!;
    const dy = grads.get(node.output.id);
    if (!dy || !dependsOnWrt.has(node.output.id)) continue;
    const needs = node.inputs.map((t) => dependsOnWrt.has(t.id) && isFloat(t.dtype));
    if (!needs.some(Boolean)) continue;
    g.withScope(`grad:${node.scope}`, () => {
      const dyFull = dy.shape.length === node.output.shape.length ? dy : op.expand(g, dy, node.output.shape);
      const parts = gradRules[node.op]({ g, node, dy: dyFull, needs });
      parts.forEach((dt, k) => {
        const t = node.inputs[k];
        if (dt && t && needs[k]) accumulate(t, dt);
      });
    });
  }

  const result = new Map<number, Tensor>();
  for (const t of wrt) {
    const dt = grads.get(t.id) ?? g.withScope('grad:unreached', () => op.expand(g, g.scalar(0, t.dtype), t.shape));
    result.set(t.id, dt);
  }
  return result;
}
