/**
 * Test metrics evaluated on a resampled subset of examples (an index list, repeats allowed), for
 * the paired bootstrap. They score every method with the same code, from the per-example
 * predictions and gold labels stored in the result files.
 *
 * Names follow the task spec's metric names (accuracy, f1, matthews, pearson, spearman,
 * exact_match). Conventions: classification labels and predictions are integer class ids; F1 is binary with
 * class 1 positive; MCC is the multiclass (Gorodkin) form, equal to the binary one for two
 * classes; Pearson and Spearman are for regression (Spearman uses average ranks for ties); MSE is
 * the mean of per-example squared errors.
 * Degenerate subsets (a constant column) score 0, as scikit-learn does for MCC.
 */

export interface ResampledMetric {
  /** The metric on the examples `idx` (indices into gold/pred, repeats allowed). */
  score(gold: readonly number[], pred: readonly number[], idx: ArrayLike<number>): number;
  /**
   * The same metric on a bootstrap resample given as counts (weights[i] = times example i was
   * drawn): one pass over the examples, no copies. Used by the paired bootstrap.
   */
  weighted(gold: readonly number[], pred: readonly number[], weights: Uint32Array): number;
  /**
   * Optional: precomputes what it can for several prediction lists of the same examples (one per
   * seed); the returned function gives weighted() of each list, sharing the gold-side work.
   */
  prepareAll?: (gold: readonly number[], preds: readonly (readonly number[])[]) => (weights: Uint32Array) => Float64Array;
  /** Present when the metric is the mean of a per-example score (accuracy): enables a fast bootstrap. */
  perExample?: (gold: readonly number[], pred: readonly number[]) => number[];
}

const accuracy: ResampledMetric = {
  score(gold, pred, idx) {
    let hits = 0;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k] as number;
      if (gold[i] === pred[i]) hits++;
    }
    return idx.length === 0 ? Number.NaN : hits / idx.length;
  },
  weighted(gold, pred, weights) {
    let hits = 0;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      total += w;
      if (gold[i] === pred[i]) hits += w;
    }
    return total === 0 ? Number.NaN : hits / total;
  },
  perExample: (gold, pred) => gold.map((g, i) => (g === pred[i] ? 1 : 0)),
};

/** The mean of a per-example score, on an index list or on resample counts. */
function meanOf(perExample: (g: number, p: number) => number): ResampledMetric {
  return {
    score(gold, pred, idx) {
      let sum = 0;
      for (let k = 0; k < idx.length; k++) sum += perExample(gold[idx[k] as number] as number, pred[idx[k] as number] as number);
      return idx.length === 0 ? Number.NaN : sum / idx.length;
    },
    weighted(gold, pred, weights) {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i] as number;
        total += w;
        if (w !== 0) sum += w * perExample(gold[i] as number, pred[i] as number);
      }
      return total === 0 ? Number.NaN : sum / total;
    },
    perExample: (gold, pred) => gold.map((g, i) => perExample(g, pred[i] as number)),
  };
}

const mse = meanOf((g, p) => (g - p) * (g - p));

const f1: ResampledMetric = {
  score(gold, pred, idx) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k] as number;
      const g = gold[i] === 1;
      const p = pred[i] === 1;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  },
  weighted(gold, pred, weights) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (w === 0) continue;
      const g = gold[i] === 1;
      const p = pred[i] === 1;
      if (g && p) tp += w;
      else if (p) fp += w;
      else if (g) fn += w;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  },
};

const mcc: ResampledMetric = {
  score(gold, pred, idx) {
    // Gorodkin's R_K from the confusion matrix: (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)).
    const t = new Map<number, number>();
    const p = new Map<number, number>();
    let c = 0;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k] as number;
      const g = gold[i] as number;
      const q = pred[i] as number;
      t.set(g, (t.get(g) ?? 0) + 1);
      p.set(q, (p.get(q) ?? 0) + 1);
      if (g === q) c++;
    }
    const s = idx.length;
    let pt = 0;
    let pp = 0;
    let tt = 0;
    for (const [label, count] of p) {
      pt += count * (t.get(label) ?? 0);
      pp += count * count;
    }
    for (const count of t.values()) tt += count * count;
    const denominator = Math.sqrt((s * s - pp) * (s * s - tt));
    return denominator === 0 ? 0 : (c * s - pt) / denominator;
  },
  weighted(gold, pred, weights) {
    return this.score(gold, pred, indicesFromWeights(weights));
  },
};

function pearsonOn(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const denominator = Math.sqrt(sxx * syy);
  return denominator === 0 ? 0 : sxy / denominator;
}

function gather(values: readonly number[], idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = values[idx[k] as number] as number;
  return out;
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[order[end + 1] as number] === values[order[start] as number]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k] as number] = rank;
    start = end + 1;
  }
  return ranks;
}

const pearson: ResampledMetric = {
  // Two passes over the index list, no copies: this runs thousands of times per comparison.
  score(gold, pred, idx) {
    const n = idx.length;
    let mx = 0;
    let my = 0;
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      mx += gold[i] as number;
      my += pred[i] as number;
    }
    mx /= n;
    my /= n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      const dx = (gold[i] as number) - mx;
      const dy = (pred[i] as number) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    const denominator = Math.sqrt(sxx * syy);
    return denominator === 0 ? 0 : sxy / denominator;
  },
  weighted(gold, pred, weights) {
    // Weighted two-pass form: the same value as score() on the expanded index list.
    const n = weights.length;
    let total = 0;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      total += w;
      mx += w * (gold[i] as number);
      my += w * (pred[i] as number);
    }
    mx /= total;
    my /= total;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      if (w === 0) continue;
      const dx = (gold[i] as number) - mx;
      const dy = (pred[i] as number) - my;
      sxy += w * dx * dy;
      sxx += w * dx * dx;
      syy += w * dy * dy;
    }
    const denominator = Math.sqrt(sxx * syy);
    return denominator === 0 ? 0 : sxy / denominator;
  },
};

/** What Pearson's all-seeds evaluator precomputes once per comparison (see pearson.prepareAll). */
interface PearsonSeeds {
  n: number;
  k: number;
  g: Float64Array;
  gg: Float64Array;
  /** Seed-major: row s holds seed s's n predictions (p), their squares (pp) and products with gold (gp). */
  p: Float64Array;
  pp: Float64Array;
  gp: Float64Array;
  drawn: Uint32Array;
  counts: Float64Array;
  out: Float64Array;
}

/**
 * One resample of Pearson for every seed. The examples drawn at least once are listed once
 * (ascending, with their counts); the gold side (Σw, Σwg, Σwg²) is summed once and, per seed,
 * Σwp, Σwp², Σwgp in local accumulators over that list. Every sum adds the same terms in the same
 * order as a plain pass over the examples, so the values are bit-for-bit those of that pass. One
 * module-level function (not a closure per comparison) so the optimiser compiles it once.
 */
function pearsonSeedsOn(state: PearsonSeeds, weights: Uint32Array): Float64Array {
  const { n, k, g, gg, p, pp, gp, drawn, counts, out } = state;
  let m = 0;
  let sw = 0;
  let sg = 0;
  let sgg = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    drawn[m] = i;
    counts[m++] = w;
    sw += w;
    sg += w * (g[i] as number);
    sgg += w * (gg[i] as number);
  }
  const sxx = sgg - (sg * sg) / sw;
  for (let s = 0; s < k; s++) {
    const row = s * n;
    let sp = 0;
    let spp = 0;
    let sgp = 0;
    for (let j = 0; j < m; j++) {
      const w = counts[j] as number;
      const at = row + (drawn[j] as number);
      sp += w * (p[at] as number);
      spp += w * (pp[at] as number);
      sgp += w * (gp[at] as number);
    }
    const sxy = sgp - (sg * sp) / sw;
    const syy = spp - (sp * sp) / sw;
    const denominator = Math.sqrt(sxx * syy);
    out[s] = denominator > 0 ? sxy / denominator : 0;
  }
  return out;
}

/**
 * Pearson on resample counts for all seeds at once, from products precomputed once (covariance
 * from raw moments; the values are bounded regression targets, so the cancellation error stays
 * near 1e-13).
 */
pearson.prepareAll = (gold, preds) => {
  const n = gold.length;
  const k = preds.length;
  const g = Float64Array.from(gold);
  const state: PearsonSeeds = {
    n,
    k,
    g,
    gg: g.map((v) => v * v),
    p: new Float64Array(n * k),
    pp: new Float64Array(n * k),
    gp: new Float64Array(n * k),
    drawn: new Uint32Array(n),
    counts: new Float64Array(n),
    out: new Float64Array(k),
  };
  preds.forEach((pred, s) => {
    for (let i = 0; i < n; i++) {
      const v = pred[i] as number;
      state.p[s * n + i] = v;
      state.pp[s * n + i] = v * v;
      state.gp[s * n + i] = v * (g[i] as number);
    }
  });
  return (weights) => pearsonSeedsOn(state, weights);
};

const spearman: ResampledMetric = {
  score: (gold, pred, idx) => pearsonOn(averageRanks(gather(gold, idx)), averageRanks(gather(pred, idx))),
  weighted(gold, pred, weights) {
    const idx = indicesFromWeights(weights);
    return pearsonOn(averageRanks(gather(gold, idx)), averageRanks(gather(pred, idx)));
  },
};

/** Expands resample counts back into an index list (for metrics without a one-pass weighted form). */
export function indicesFromWeights(weights: Uint32Array): Uint32Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] as number;
  const idx = new Uint32Array(total);
  let k = 0;
  for (let i = 0; i < weights.length; i++) for (let c = weights[i] as number; c > 0; c--) idx[k++] = i;
  return idx;
}

/**
 * Metrics the paired bootstrap can recompute, by the names result files use. A metric missing here
 * gets no example-level CI (the report says so) but still gets the test over seeds.
 */
export const resampledMetrics: Readonly<Record<string, ResampledMetric>> = {
  accuracy,
  f1,
  matthews: mcc,
  exact_match: accuracy,
  pearson,
  spearman,
  mse,
};

/** All indices 0..n−1: a metric on the full sample. */
export function allIndices(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}
