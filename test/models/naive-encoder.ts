/**
 * A deliberately plain BERT/RoBERTa encoder forward pass over HF-named weights (post-LayerNorm
 * blocks, exact GELU), used only by tests to check generated tiny encoders against the
 * transformers fixtures. Not fast, not part of the engine.
 */
import type { ArchConfig } from '../../src/models/arch.ts';
import type { TensorMap } from '../../src/models/safetensors.ts';

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

function w(weights: TensorMap, name: string): Float32Array {
  const t = weights.get(name) ?? weights.get(`bert.${name}`) ?? weights.get(`roberta.${name}`);
  if (!t) throw new Error(`missing weight ${name}`);
  return t.data;
}

function linear(weights: TensorMap, name: string, x: Float64Array, outDim: number): Float64Array {
  const W = w(weights, `${name}.weight`);
  const b = w(weights, `${name}.bias`);
  const inDim = x.length;
  const y = new Float64Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let s = b[o]!;
    for (let i = 0; i < inDim; i++) s += W[o * inDim + i]! * x[i]!;
    y[o] = s;
  }
  return y;
}

function layerNorm(weights: TensorMap, name: string, x: Float64Array, eps: number): Float64Array {
  const g = w(weights, `${name}.weight`);
  const b = w(weights, `${name}.bias`);
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i]! + b[i]!);
}

/** Hidden states after every layer ([0] = embeddings) for one sequence with its attention mask. */
export function naiveEncoderHiddenStates(arch: ArchConfig, weights: TensorMap, ids: readonly number[], mask: readonly number[]): Float64Array[][] {
  const H = arch.hiddenSize;
  const hd = H / arch.numHeads;
  const word = w(weights, 'embeddings.word_embeddings.weight');
  const pos = w(weights, 'embeddings.position_embeddings.weight');
  const type = w(weights, 'embeddings.token_type_embeddings.weight');
  let seen = 0;
  const positions = ids.map((id) => {
    if (arch.positionOffset === 0) return seen++;
    if (id === arch.padTokenId) return arch.padTokenId;
    return arch.positionOffset + seen++;
  });
  let xs = ids.map((id, t) => {
    const e = new Float64Array(H);
    for (let i = 0; i < H; i++) e[i] = word[id * H + i]! + pos[positions[t]! * H + i]! + type[i]!;
    return layerNorm(weights, 'embeddings.LayerNorm', e, arch.normEps);
  });
  const states = [xs];
  for (let l = 0; l < arch.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    const q = xs.map((x) => linear(weights, `${p}attention.self.query`, x, H));
    const k = xs.map((x) => linear(weights, `${p}attention.self.key`, x, H));
    const v = xs.map((x) => linear(weights, `${p}attention.self.value`, x, H));
    xs = xs.map((x, t) => {
      const ctx = new Float64Array(H);
      for (let h = 0; h < arch.numHeads; h++) {
        const scores = k.map((kk, s) => {
          if (mask[s] === 0) return Number.NEGATIVE_INFINITY;
          let dot = 0;
          for (let i = 0; i < hd; i++) dot += q[t]![h * hd + i]! * kk[h * hd + i]!;
          return dot / Math.sqrt(hd);
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        exps.forEach((e, s) => {
          for (let i = 0; i < hd; i++) ctx[h * hd + i]! += (e / total) * v[s]![h * hd + i]!;
        });
      }
      const attn = linear(weights, `${p}attention.output.dense`, ctx, H);
      const mid = layerNorm(weights, `${p}attention.output.LayerNorm`, attn.map((a, i) => a + x[i]!), arch.normEps);
      const inter = linear(weights, `${p}intermediate.dense`, mid, arch.intermediateSize).map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2)));
      const out = linear(weights, `${p}output.dense`, inter, H);
      return layerNorm(weights, `${p}output.LayerNorm`, out.map((o, i) => o + mid[i]!), arch.normEps);
    });
    states.push(xs);
  }
  return states;
}
