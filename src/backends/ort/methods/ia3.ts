/**
 * (IA)³ on the `ort` engine (peft IA3): learned vectors l (initialised to 1) rescale
 *
 *   key / value (and any other attention or FFN-input target):  y = l ⊙ (W x + b)
 *   down (the FFN output projection, peft's feed-forward module): y = W (l ⊙ x) + b
 *
 * in the listed blocks. Parameters: `method.ia3.<module>` ([dout], or [din] for down).
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as op from '../graph/ops.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { EngineMethod } from './method.ts';
import { siteSelector } from './target-sites.ts';

export function ia3Engine(h: ResolvedHparams, _arch: ArchConfig): EngineMethod {
  const selected = siteSelector(need(h, 'targets'), need(h, 'layers'));
  return {
    kind: 'ia3',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      linear(ctx, site, x, _weight, _bias, base) {
        const target = selected(site);
        if (target === undefined) return base(x);
        const { g } = ctx;
        const width = target === 'down' ? site.inFeatures : site.outFeatures;
        const scale = ctx.param(`ia3.${site.module}`, [width], new Float32Array(width).fill(1));
        return target === 'down' ? base(op.mul(g, x, scale)) : op.mul(g, base(x), scale);
      },
    },
  };
}
