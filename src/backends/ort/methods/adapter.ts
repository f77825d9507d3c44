/**
 * Bottleneck adapters on the `ort` engine (Houlsby et al. 2019; Pfeiffer et al. 2021): the output y
 * of a sublayer's output projection (before its dropout, residual and norm) becomes
 *
 *   A(y) = y + W_up · relu(W_down y + b_down) + b_up,   W_down ∈ ℝ^{m×d}, W_up ∈ ℝ^{d×m}
 *
 * pfeiffer: after the FFN output projection of each listed block; houlsby: after the attention
 * output projection too. W_down ~ N(0, 0.02²) (BERT's initialiser), W_up, b_down, b_up = 0, so the
 * initial model equals the base model. Parameters: `method.adapter.<module>.{down, down_bias, up, up_bias}`.
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as nn from '../graph/composite.ts';
import * as op from '../graph/ops.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { EngineMethod } from './method.ts';
import { siteSelector } from './target-sites.ts';

export function adapterEngine(h: ResolvedHparams, arch: ArchConfig): EngineMethod {
  const m = need(h, 'adapterSize');
  const d = arch.hiddenSize;
  const selected = siteSelector(need(h, 'adapterStyle') === 'houlsby' ? ['output', 'down'] : ['down'], need(h, 'layers'));
  return {
    kind: 'adapter',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      linear(ctx, site, x, _weight, _bias, base) {
        const y = base(x);
        if (selected(site) === undefined) return y;
        const { g } = ctx;
        const prefix = `adapter.${site.module}`;
        const down = ctx.param(`${prefix}.down`, [m, d], ctx.initRng(`${prefix}.down`).normalArray(m * d, 0.02));
        const downBias = ctx.param(`${prefix}.down_bias`, [m], new Float32Array(m));
        const up = ctx.param(`${prefix}.up`, [d, m], new Float32Array(d * m));
        const upBias = ctx.param(`${prefix}.up_bias`, [d], new Float32Array(d));
        return op.add(g, y, nn.linear(g, nn.relu(g, nn.linear(g, y, down, downBias)), up, upBias));
      },
    },
  };
}
