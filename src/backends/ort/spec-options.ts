/**
 * What the `ort` backend takes from a run spec beyond the training settings: whether it can run the
 * spec's method kind at all, and the base model's and head's dropout (`spec.dropout`, 0 when
 * absent), the same values the torch worker applies.
 */
import { runsOnOrt } from './method-kinds.ts';
import { torchMessages } from '../../messages/torch.ts';
import type { RunSpec } from '../../types/run-spec.ts';

/** Why the ort engine cannot run this spec's method or dropout settings, or undefined. */
export function ortSpecProblem(spec: RunSpec): string | undefined {
  if (!runsOnOrt(spec.method.kind)) return torchMessages.ortLacksKind(spec.method.kind);
  const hidden = spec.dropout?.hidden ?? 0;
  if (hidden > 0 && spec.model.family === 'decoder') return torchMessages.decoderHiddenDropout(hidden);
  return undefined;
}

/** The engine's dropout settings for a spec. */
export function engineDropout(spec: RunSpec): { hiddenDropout: number; headDropout: number } {
  return { hiddenDropout: spec.dropout?.hidden ?? 0, headDropout: spec.dropout?.head ?? 0 };
}
