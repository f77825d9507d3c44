/**
 * Pareto frontier of (cost, score) points: the points that no other point beats on both, with
 * lower cost better and the score's own direction. Returned as a set of indices into the input.
 */
export interface ParetoPoint {
  cost: number;
  score: number;
}

export function paretoFrontier(points: readonly ParetoPoint[], direction: 'max' | 'min'): Set<number> {
  const sign = direction === 'max' ? 1 : -1;
  const order = points.map((_, i) => i).sort((i, j) => points[i]!.cost - points[j]!.cost || sign * (points[j]!.score - points[i]!.score));
  const frontier = new Set<number>();
  let best = -Infinity;
  for (const i of order) {
    const score = sign * points[i]!.score;
    if (score > best) {
      frontier.add(i);
      best = score;
    }
  }
  return frontier;
}
