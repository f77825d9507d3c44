/**
 * User-facing messages of the models stage: reading safetensors, HF `config.json`, HF model
 * directories, llama2.c checkpoints and tokenizers, the tiny-model generator and `reftbench model`.
 * Each message names the file, the place in it, and what to do.
 */
export const modelsMessages = {
  // --- safetensors -------------------------------------------------------------------------------
  safetensorsTooShort: (file: string, size: number) =>
    `${file}: only ${size} bytes, too short for a safetensors file (it starts with an 8-byte header length). ` +
    'The file is truncated or not safetensors: download or convert it again.',
  safetensorsHeaderTooLong: (file: string, headerLength: number, size: number) =>
    `${file}: the header length at byte 0 says ${headerLength} bytes, but the file has only ${size}. ` +
    'The file is truncated or not safetensors: download or convert it again.',
  safetensorsHeaderNotJson: (file: string, detail: string) =>
    `${file}: the JSON header (from byte 8) does not parse: ${detail}. The file is corrupt or not safetensors: download or convert it again.`,
  safetensorsBadEntry: (file: string, tensor: string, what: string) =>
    `${file}: header entry "${tensor}" ${what}. The file is corrupt: download or convert it again.`,
  safetensorsUnsupportedDtype: (file: string, tensor: string, dtype: string, supported: readonly string[]) =>
    `${file}: tensor "${tensor}" has dtype ${dtype}, which reftbench does not read (it reads ${supported.join(', ')}). ` +
    'Convert the model to float32, float16 or bfloat16 safetensors.',
  safetensorsDataOutOfRange: (file: string, tensor: string, end: number, dataSize: number) =>
    `${file}: tensor "${tensor}" ends at data byte ${end}, past the end of the data (${dataSize} bytes). ` +
    'The file is truncated: download or convert it again.',
  safetensorsSizeMismatch: (file: string, tensor: string, shape: readonly number[], dtype: string, bytes: number) =>
    `${file}: tensor "${tensor}" has shape [${shape.join(', ')}] of ${dtype} but its data_offsets span ${bytes} bytes. ` +
    'The file is corrupt: download or convert it again.',
  safetensorsCannotWrite: (tensor: string, what: string) => `cannot write tensor "${tensor}" to safetensors: ${what}.`,

  // --- config.json ---------------------------------------------------------------------------------
  configNotJson: (file: string, detail: string) =>
    `${file}: not valid JSON (${detail}). Fix the file or export the model again with transformers' save_pretrained.`,
  configUnknownModelType: (file: string, modelType: string) =>
    `${file}: "model_type" is ${JSON.stringify(modelType)}; reftbench reads bert, roberta and llama models. ` +
    'Use a model of one of those families (no remote code is run).',
  configMissingField: (file: string, field: string, modelType: string) =>
    `${file}: field "${field}" is missing or not a positive integer, and a ${modelType} model needs it. Add it to config.json.`,
  configBadField: (file: string, field: string, what: string) => `${file}: field "${field}" ${what}.`,
  configHeadsDoNotDivide: (file: string, hidden: number, heads: number) =>
    `${file}: "hidden_size" ${hidden} is not divisible by "num_attention_heads" ${heads}. Fix config.json.`,
  configKvHeadsDoNotDivide: (file: string, heads: number, kvHeads: number) =>
    `${file}: "num_attention_heads" ${heads} is not a multiple of "num_key_value_heads" ${kvHeads}. Fix config.json.`,
  configUnsupportedAct: (file: string, act: string, supported: readonly string[]) =>
    `${file}: "hidden_act" is ${JSON.stringify(act)}; reftbench supports ${supported.join(', ')}.`,
  configRopeScaling: (file: string) =>
    `${file}: "rope_scaling" is set; reftbench implements plain RoPE only. Use a model without RoPE scaling, or remove the field if it is null-equivalent.`,

  // --- HF directories ------------------------------------------------------------------------------
  dirMissing: (dir: string) =>
    `${dir}: no such model directory. Pass a folder holding config.json, model.safetensors and tokenizer.json ` +
    '(`reftbench model tiny bert <dir>` writes one).',
  dirNotADirectory: (path: string) =>
    `${path}: is a file, not a model directory. Pass the folder that holds config.json, model.safetensors and tokenizer.json.`,
  dirNoConfig: (dir: string) =>
    `${dir}: no config.json. A model directory needs config.json, model.safetensors and tokenizer.json (HF format).`,
  dirPickleOnly: (dir: string, file: string) =>
    `${dir}: holds ${file} (a pickle file) but no model.safetensors. reftbench never loads pickle files (they can run code). ` +
    'Convert the weights once, e.g. `python -c "import torch, safetensors.torch as s; ' +
    's.save_file(torch.load(\'pytorch_model.bin\', weights_only=True), \'model.safetensors\')"`, or download the safetensors version.',
  weightsDisagreeWithConfig: (dir: string, config: string, what: string) =>
    `${dir}: the weights do not match ${config}: ${what}. The folder mixes files of different models: copy or convert the model again.`,
  dirNoWeights: (dir: string) =>
    `${dir}: no model.safetensors (nor model.safetensors.index.json for a sharded model). Add the weights in safetensors format.`,
  dirNoTokenizer: (dir: string) =>
    `${dir}: no tokenizer.json. reftbench tokenizes with the HF tokenizers format: save the tokenizer with ` +
    "transformers' `tokenizer.save_pretrained(dir)` (a fast tokenizer writes tokenizer.json).",
  indexBad: (file: string, what: string) =>
    `${file}: ${what}. The sharded-weights index is corrupt: download or export the model again.`,
  indexShardMissing: (file: string, shard: string) =>
    `${file}: names shard "${shard}", which is not in the directory. Download the missing shard.`,
  weightMissingInShard: (file: string, tensor: string, shard: string) =>
    `${file}: says tensor "${tensor}" is in ${shard}, but that shard does not hold it. Download the model again.`,
  duplicateTensor: (dir: string, tensor: string) =>
    `${dir}: tensor "${tensor}" appears in more than one shard. Download or export the model again.`,

  // --- llama2.c ------------------------------------------------------------------------------------
  llama2cTooShort: (file: string, size: number) =>
    `${file}: only ${size} bytes; a llama2.c checkpoint starts with a 28-byte header. The file is truncated or not a llama2.c checkpoint.`,
  llama2cVersioned: (file: string) =>
    `${file}: starts with the "ak42" magic of llama2.c's versioned export format; reftbench reads the legacy format ` +
    '(export with `python export.py --version 0`).',
  llama2cBadHeader: (file: string, field: string, value: number) =>
    `${file}: header field ${field} is ${value}, which makes no sense for a llama2.c checkpoint. The file is corrupt or in another format.`,
  llama2cSizeMismatch: (file: string, expected: number, actual: number) =>
    `${file}: the header implies ${expected} bytes of float32 weights, but the file has ${actual}. ` +
    'It is truncated, in another layout, or not a legacy llama2.c checkpoint.',
  llama2cTokenizerTruncated: (file: string, token: number, offset: number) =>
    `${file}: ends inside token ${token} (byte ${offset}). The tokenizer file is truncated: copy it again.`,
  llama2cTokenizerVocabMismatch: (file: string, tokens: number, vocab: number) =>
    `${file}: holds ${tokens} tokens but the checkpoint's vocabulary has ${vocab}. Pass the tokenizer that belongs to this checkpoint.`,
  llama2cTokenizerDuplicate: (file: string, piece: string, first: number, second: number) =>
    `${file}: token ${second} repeats the piece ${JSON.stringify(piece)} of token ${first}; a tokenizer.json vocabulary needs unique pieces.`,

  // --- tiny models ---------------------------------------------------------------------------------
  tinyVocabTooSmall: (kind: string, vocab: number, min: number) =>
    `tiny:${kind}: vocabSize ${vocab} is below the ${min} tokens its tokenizer needs. Set the model's arch.vocabSize to at least ${min}.`,

  notTinySource: (source: string) =>
    `model source ${JSON.stringify(source)} is not tiny:<bert|roberta|llama>@<seed>.`,
  tinyDrawing: (source: string, params: number, dir: string) =>
    `${source}: drawing its ${params.toLocaleString('en-US')} random weights (${(params * 4 / 1e6).toFixed(0)} MB) into ${dir}…`,
  tinyArchConflict: (source: string, conflicts: readonly string[]) =>
    `${source}: the model's arch asks for ${conflicts.join('; ')}, which the tiny generator's tokenizer fixes. ` +
    'Remove these fields from the model\'s arch (or set them to what the generator writes).',

  // --- reftbench model -----------------------------------------------------------------------------
  modelUsage: (usage: string) => `reftbench model: ${usage}`,
  modelUnknownSub: (sub: string) =>
    `reftbench model: unknown subcommand "${sub}". Use convert-llama2c, tiny or inspect (\`reftbench help model\`).`,
  tinyUnknownKind: (kind: string, kinds: readonly string[]) =>
    `reftbench model tiny: unknown kind "${kind}". Use one of ${kinds.join(', ')}.`,
  badSeed: (value: string) => `reftbench model tiny: --seed ${JSON.stringify(value)} is not a non-negative integer. Pass e.g. --seed 0.`,
  outDirIsFile: (dir: string) => `${dir}: is a file, not a folder. Give a new or empty output directory.`,
  outParentUnusable: (dir: string, parent: string, reason: string) =>
    `cannot create the output directory ${dir}: its parent ${parent} cannot be made a folder (${reason}). Give a path whose parent is a folder you can write to.`,
  outDirExists: (dir: string) =>
    `${dir}: already exists and is not empty. Choose a new output directory or remove this one; reftbench does not overwrite models.`,
  inputMissing: (file: string, what: string) => `${file}: no such ${what}. Check the path.`,
};
