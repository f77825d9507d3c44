/**
 * NumPy-style broadcasting for the elementwise operators, and its inverse for gradients: a
 * gradient of a broadcast result is summed back to the shape of the input it came from.
 */
import type { Graph } from './graph.ts';
import type { Shape, Tensor } from './types.ts';

/** The broadcast result shape of two shapes, or an error naming both. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Sums `t` over the axes that broadcasting added or stretched, so the result has `shape`.
 * Builds no node when the shapes already agree.
 */
export function reduceToShape(g: Graph, t: Tensor, shape: Shape): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const lead = t.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < t.shape.length; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && t.shape[i] !== 1) axes.push(i);
  }
  let r = t;
  if (axes.length > 0) {
    const outShape = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    r = g.addNode('ReduceSum', [t], { axes, keepdims: true }, t.dtype, outShape);
  }
  if (!sameShape(r.shape, shape)) r = g.addNode('Reshape', [r], {}, r.dtype, shape);
  return r;
}
