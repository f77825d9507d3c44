/**
 * DoRA on the `ort` engine (peft use_dora, DoraLinearLayer): every targeted linear layer becomes
 *
 *   y = W x + b + (m/‖W + s·BA‖ − 1) ⊙ (W x̃) + (m/‖W + s·BA‖) ⊙ s·B A x̃,   x̃ = dropout(x),
 *
 * i.e. m ⊙ (W + s·BA) x̃ / ‖W + s·BA‖ + b when there is no dropout. ‖·‖ is the L2 norm of each
 * output row (torch.linalg.norm(weight, dim=1) on the [out, in] weight) and, as peft does, it is
 * detached: no gradient flows through the norm. m ∈ ℝ^{dout} starts at the row norms of W, so the
 * initial model equals the base model; A and B are initialised as in LoRA (B = 0).
 * Parameters: `method.dora.<module>.A`, `.B`, `.magnitude`.
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as nn from '../graph/composite.ts';
import * as op from '../graph/ops.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { EngineMethod } from './method.ts';
import { loraFactors, loraScale } from './lora.ts';
import { siteSelector } from './target-sites.ts';

/** Row norms of a row-major [out, in] matrix. */
export function rowNorms(w: Float32Array, out: number, inFeatures: number): Float32Array {
  const norms = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let s = 0;
    for (let i = 0; i < inFeatures; i++) s += w[o * inFeatures + i]! * w[o * inFeatures + i]!;
    norms[o] = Math.sqrt(s);
  }
  return norms;
}

export function doraEngine(h: ResolvedHparams, _arch: ArchConfig): EngineMethod {
  const r = need(h, 'rank');
  const s = loraScale(h);
  const p = need(h, 'dropout');
  const selected = siteSelector(need(h, 'targets'), need(h, 'layers'));
  return {
    kind: 'dora',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      linear(ctx, site, x, weight, bias, base) {
        if (selected(site) === undefined) return base(x);
        const { g } = ctx;
        const prefix = `dora.${site.module}`;
        const { a, b } = loraFactors(ctx, prefix, site, r);
        const magnitude = ctx.param(`${prefix}.magnitude`, [site.outFeatures], rowNorms(ctx.weightValue(`${site.module}.weight`), site.outFeatures, site.inFeatures));
        const scale = g.scalar(s, 'float32');
        const merged = op.add(g, weight, op.mul(g, op.matmul(g, b, a), scale));
        const norm = op.stopGradient(g, op.sqrt(g, op.reduceSum(g, op.mul(g, merged, merged), [1], false)));
        const magScale = op.div(g, magnitude, norm);
        const xd = ctx.dropout(prefix, x, p);
        const update = op.mul(g, nn.linear(g, nn.linear(g, xd, a), b), scale);
        if (xd === x) {
          // No active dropout: m/‖·‖ ⊙ (W x + s·BAx) + b.
          const y = op.mul(g, op.add(g, nn.linear(g, x, weight), update), magScale);
          return bias ? op.add(g, y, bias) : y;
        }
        const one = g.scalar(1, 'float32');
        return op.add(g, op.add(g, base(x), op.mul(g, op.sub(g, magScale, one), nn.linear(g, xd, weight))), op.mul(g, magScale, update));
      },
    },
  };
}
