/**
 * A deliberately plain LLaMA forward pass over HF-named weights (rotate_half RoPE, RMSNorm,
 * SwiGLU, grouped-query causal attention), used only by tests to prove that converted and generated
 * weights mean what HF's LlamaForCausalLM means. Not fast, not part of the engine.
 */
import type { ArchConfig } from '../../src/models/arch.ts';
import type { TensorMap } from '../../src/models/safetensors.ts';

function weight(weights: TensorMap, name: string): Float32Array {
  const tensor = weights.get(name);
  if (!tensor) throw new Error(`missing weight ${name}`);
  return tensor.data;
}

/** y[out] = W[out, in] · x[in] */
function matVec(w: Float32Array, x: Float64Array, outDim: number, inDim: number): Float64Array {
  const y = new Float64Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let sum = 0;
    const row = o * inDim;
    for (let i = 0; i < inDim; i++) sum += w[row + i]! * x[i]!;
    y[o] = sum;
  }
  return y;
}

function rmsNorm(x: Float64Array, g: Float32Array, eps: number): Float64Array {
  let ss = 0;
  for (const v of x) ss += v * v;
  const scale = 1 / Math.sqrt(ss / x.length + eps);
  return x.map((v, i) => v * scale * g[i]!);
}

/** rotate_half RoPE on each head of `v` at position `pos`. */
function rope(v: Float64Array, heads: number, headSize: number, pos: number, theta: number): void {
  const half = headSize / 2;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < half; i++) {
      const angle = pos * theta ** (-(2 * i) / headSize);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const a = v[h * headSize + i]!;
      const b = v[h * headSize + half + i]!;
      v[h * headSize + i] = a * c - b * s;
      v[h * headSize + half + i] = b * c + a * s;
    }
  }
}

/** Logits [seq][vocab] for token ids `ids` (weights named as in HF, with or without the `model.` prefix). */
export function naiveLlamaLogits(arch: ArchConfig, rawWeights: TensorMap, ids: readonly number[]): Float64Array[] {
  const get = (name: string) => weight(rawWeights, rawWeights.has(`model.${name}`) ? `model.${name}` : name);
  const D = arch.hiddenSize;
  const hd = D / arch.numHeads;
  const kvDim = hd * arch.numKvHeads;
  const group = arch.numHeads / arch.numKvHeads;
  const emb = get('embed_tokens.weight');
  let xs = ids.map((id) => Float64Array.from(emb.subarray(id * D, (id + 1) * D)));
  for (let l = 0; l < arch.numLayers; l++) {
    const p = `layers.${l}.`;
    const ks: Float64Array[] = [];
    const vs: Float64Array[] = [];
    const qs: Float64Array[] = [];
    xs.forEach((x, pos) => {
      const h = rmsNorm(x, get(`${p}input_layernorm.weight`), arch.normEps);
      const q = matVec(get(`${p}self_attn.q_proj.weight`), h, D, D);
      const k = matVec(get(`${p}self_attn.k_proj.weight`), h, kvDim, D);
      rope(q, arch.numHeads, hd, pos, arch.ropeTheta);
      rope(k, arch.numKvHeads, hd, pos, arch.ropeTheta);
      qs.push(q);
      ks.push(k);
      vs.push(matVec(get(`${p}self_attn.v_proj.weight`), h, kvDim, D));
    });
    xs = xs.map((x, pos) => {
      const att = new Float64Array(D);
      for (let head = 0; head < arch.numHeads; head++) {
        const kvHead = Math.floor(head / group);
        const scores = ks.slice(0, pos + 1).map((k) => {
          let s = 0;
          for (let i = 0; i < hd; i++) s += qs[pos]![head * hd + i]! * k[kvHead * hd + i]!;
          return s / Math.sqrt(hd);
        });
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        exps.forEach((e, t) => {
          for (let i = 0; i < hd; i++) att[head * hd + i]! += (e / total) * vs[t]![kvHead * hd + i]!;
        });
      }
      const o = matVec(get(`${p}self_attn.o_proj.weight`), att, D, D);
      const mid = x.map((v, i) => v + o[i]!);
      const h = rmsNorm(mid, get(`${p}post_attention_layernorm.weight`), arch.normEps);
      const H = arch.intermediateSize;
      const gate = matVec(get(`${p}mlp.gate_proj.weight`), h, H, D);
      const up = matVec(get(`${p}mlp.up_proj.weight`), h, H, D);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]!);
      const down = matVec(get(`${p}mlp.down_proj.weight`), act, D, H);
      return mid.map((v, i) => v + down[i]!);
    });
  }
  const head = arch.tieWordEmbeddings ? emb : weight(rawWeights, 'lm_head.weight');
  return xs.map((x) => matVec(head, rmsNorm(x, get('norm.weight'), arch.normEps), arch.vocabSize, D));
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
