/**
 * User-facing messages of the engine stage (the `ort` backend): model weights that do not fit the
 * architecture, batches of the wrong shape, training settings out of range. Each names the file
 * or setting, the place in it, and what to do.
 */
export const engineMessages = {
  weightMissing: (source: string, name: string, family: string) =>
    `${source}: weight "${name}" is missing, but a ${family} model needs it. ` +
    'The checkpoint is incomplete or of another architecture: check config.json\'s model_type and re-export the model.',
  weightShape: (source: string, name: string, got: readonly number[], want: readonly number[]) =>
    `${source}: weight "${name}" has shape [${got.join(', ')}], but config.json implies [${want.join(', ')}]. ` +
    'config.json and model.safetensors disagree: re-export the model or fix config.json.',
  unsupportedModel: (source: string, modelType: string) =>
    `${source}: model_type "${modelType}" is not supported by the ort engine (it runs bert, roberta and llama). ` +
    'Use one of those, or the torch backend.',
  taskFamily: (source: string, task: string, family: string) =>
    `${source}: the task "${task}" needs ${task === 'causal-lm' ? 'a decoder' : 'an encoder'}, but the model is a ${family}. ` +
    'Pick a model of the right family in the suite.',
  seqTooLong: (source: string, seqLen: number, maxPositions: number) =>
    `${source}: sequence length ${seqLen} exceeds the model's ${maxPositions} positions (max_position_embeddings in config.json). ` +
    'Lower max_length in the suite.',
  badSetting: (setting: string, value: unknown, expected: string) =>
    `engine setting ${setting} = ${JSON.stringify(value)} is invalid: expected ${expected}. Fix it in the suite's training settings.`,
  batchShape: (field: string, got: number, want: number) =>
    `batch field ${field} has ${got} values, expected ${want} (batch size × sequence length as planned). ` +
    'The data layer and the run spec disagree on batch size or max_length: re-run `reftbench plan` and check the suite.',
  labelOutOfRange: (label: number, numLabels: number) =>
    `a label ${label} is outside 0..${numLabels - 1}. The task's num_labels in the suite is too small or the label column is wrong.`,
  nonFiniteLoss: (step: number) =>
    `the training loss became non-finite at step ${step}. Lower the learning rate or enable gradient clipping (max_grad_norm) in the suite.`,
  generationMissing: (task: string) =>
    `task "${task}" is scored by exact_match, but its run spec has no task.generation settings, so no answer can be generated. ` +
    'Add "generation": { "maxNewTokens": 32, "extract": "last_number" } (or first_word, first_choice with "choices", full) to the task in the suite and re-plan.',
  generationNoRoom: (suite: string, task: string, split: string, count: number, total: number, longest: number, maxLength: number, maxNewTokens: number) =>
    `suite "${suite}", task "${task}": ${count} of ${total} ${split} prompts have more than maxLength − generation.maxNewTokens = ${maxLength - maxNewTokens} tokens ` +
    `(the longest ${longest >= maxLength ? `fills all ${maxLength}, its end cut off` : `has ${longest}`}), so their answers would be cut short or generated after a truncated prompt. ` +
    `In the suite file's task "${task}", raise "maxLength" to at least ${longest + maxNewTokens}${longest >= maxLength ? ' (more: that prompt was cut)' : ''} or lower "generation.maxNewTokens" to at most ${Math.max(0, maxLength - longest)}, then re-plan.`,
};
