/**
 * Prompt tuning on the `ort` engine (Lester et al. 2021; peft PromptTuning with random init):
 *
 *   X' = [P; X],   P ∈ ℝ^{n×d} trained (N(0, 1) at init, as peft's nn.Embedding), the model frozen
 *
 * The n virtual-token embeddings are prepended to the token embeddings of every sequence (before
 * position and token-type embeddings, as peft passes inputs_embeds); the model builders extend the
 * attention mask with ones, give the virtual tokens positions 0…n−1 and token type 0, read encoder
 * heads at the first real token and drop the virtual positions from decoder logits.
 * Parameter: `method.prompt.embeddings` [n, d].
 */
import { UserError } from '../../../errors.ts';
import { engineMessages as msg } from '../../../messages/index.ts';
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as op from '../graph/ops.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { EngineMethod } from './method.ts';

export function promptEngine(h: ResolvedHparams, arch: ArchConfig): EngineMethod {
  const n = need(h, 'promptTokens');
  const d = arch.hiddenSize;
  return {
    kind: 'prompt',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    virtualTokens: n,
    hooks: {
      inputEmbeddings(ctx, words) {
        const { g, batch: B } = ctx;
        const limit = arch.maxPositions - arch.positionOffset;
        if (arch.family === 'encoder' && ctx.seqLen > limit) throw new UserError(msg.seqTooLong(`${arch.modelType} model with ${n} prompt tokens`, ctx.seqLen, limit));
        const prompt = ctx.param('prompt.embeddings', [n, d], ctx.initRng('prompt.embeddings').normalArray(n * d));
        return op.concat(g, [op.expand(g, op.reshape(g, prompt, [1, n, d]), [B, n, d]), words], 1);
      },
    },
  };
}
