/**
 * FLOPs a graph actually executes in its matrix products (2·M·K·N per product, batch axes
 * multiplied in), counted over the live nodes only — what the engine really runs, to set beside
 * the planner's FLOPs model. Elementwise work is not counted (it is memory-bound and small).
 */
import { liveNodes } from '../onnx/emit.ts';
import type { Graph } from './graph.ts';
import type { Tensor } from './types.ts';

export interface GraphFlops {
  /** MatMul FLOPs in forward nodes. */
  forward: number;
  /** MatMul FLOPs in backward (`grad:`) nodes. */
  backward: number;
}

export function matmulFlops(g: Graph, outputs: readonly Tensor[]): GraphFlops {
  const result: GraphFlops = { forward: 0, backward: 0 };
  for (const node of liveNodes(g, outputs)) {
    if (node.op !== 'MatMul' && node.op !== 'Gemm') continue;
    const a = node.inputs[0]!;
    const k = (node.op === 'Gemm' && node.attrs.transA ? a.shape[0] : a.shape[a.shape.length - 1]) as number;
    const flops = 2 * k * node.output.shape.reduce((x, y) => x * y, 1);
    if (node.scope.startsWith('grad:')) result.backward += flops;
    else result.forward += flops;
  }
  return result;
}
