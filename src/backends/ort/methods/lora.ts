/**
 * LoRA on the `ort` engine (peft LoraLayer): every targeted linear layer of the listed blocks becomes
 *
 *   y = W x + b + s · B A dropout(x),   s = α/r (rsLoRA: α/√r),
 *
 * A ∈ ℝ^{r×din} initialised as peft (kaiming-uniform with a = √5: U(±1/√din)), B ∈ ℝ^{dout×r} zero.
 * Parameters: `method.lora.<module>.A` and `.B`. The base weights stay frozen.
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as nn from '../graph/composite.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import { linearDefaultInit } from './init.ts';
import type { BuildContext, EngineMethod, LinearSite } from './method.ts';
import { siteSelector } from './target-sites.ts';

/** LoRA's scale: α/r, or α/√r with rsLoRA. */
export function loraScale(h: ResolvedHparams): number {
  const r = need(h, 'rank');
  return need(h, 'rslora') ? need(h, 'alpha') / Math.sqrt(r) : need(h, 'alpha') / r;
}

/** Declares A [r, din] and B [dout, r] of one adapted site. */
export function loraFactors(ctx: BuildContext, prefix: string, site: LinearSite, r: number): { a: Tensor; b: Tensor } {
  const init = linearDefaultInit(ctx.initRng(`${prefix}.A`), r, site.inFeatures).weight;
  return {
    a: ctx.param(`${prefix}.A`, [r, site.inFeatures], init),
    b: ctx.param(`${prefix}.B`, [site.outFeatures, r], new Float32Array(site.outFeatures * r)),
  };
}

export function loraEngine(h: ResolvedHparams, _arch: ArchConfig): EngineMethod {
  const r = need(h, 'rank');
  const scale = loraScale(h);
  const p = need(h, 'dropout');
  const selected = siteSelector(need(h, 'targets'), need(h, 'layers'));
  return {
    kind: 'lora',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      linear(ctx, site, x, _weight, _bias, base) {
        if (selected(site) === undefined) return base(x);
        const { g } = ctx;
        const prefix = `lora.${site.module}`;
        const { a, b } = loraFactors(ctx, prefix, site, r);
        const update = nn.linear(g, nn.linear(g, ctx.dropout(prefix, x, p), a), b);
        return op.add(g, base(x), op.mul(g, update, g.scalar(scale, 'float32')));
      },
    },
  };
}
