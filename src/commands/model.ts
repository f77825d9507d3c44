/**
 * `reftbench model`: model files.
 *   convert-llama2c <checkpoint.bin> <tok.bin> <out-dir>   llama2.c → HF-format LLaMA directory
 *   tiny <bert|roberta|llama> <out-dir> [--seed N]          a generated tiny random model
 *   inspect <dir>                                          architecture, parameter count, tensors
 * Directories are written to a temporary folder and renamed, so nothing is half-written.
 */
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { cliMessages, modelsMessages as msg } from '../messages/index.ts';
import { assertWritableTarget, writeHfDir } from '../models/hf-write.ts';
import { formatModelSummary, summarizeModel } from '../models/inspect.ts';
import { convertLlama2c } from '../models/llama2c.ts';
import { TINY_KINDS, generateTinyModel, type TinyKind } from '../models/tiny.ts';
import type { Command, CommandIO } from './command.ts';
import { parseCommandLine, stringOption } from './parse-command-line.ts';

const USAGE = [
  'usage:',
  '  reftbench model convert-llama2c <checkpoint.bin> <tokenizer.bin> <out-dir>',
  '      Convert a legacy llama2.c checkpoint and its tokenizer to an HF-format LLaMA directory',
  '      (config.json, model.safetensors, tokenizer.json).',
  '  reftbench model tiny <bert|roberta|llama> <out-dir> [--seed N]',
  '      Write a deterministic tiny random model (default seed 0), as suites name tiny:<kind>@<seed>.',
  '  reftbench model inspect <dir>',
  '      Print the architecture, parameter count and tensor table of an HF-format model directory.',
].join('\n');

function positional(args: string[], count: number, what: string): string[] {
  if (args.length !== count) throw new UserError(msg.modelUsage(`expected ${what}.\n${USAGE}`));
  return args;
}

/** The seed `model tiny` was given (default 0). */
function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new UserError(msg.badSeed(value));
  return Number(value);
}

async function convert(args: string[], io: CommandIO): Promise<number> {
  const [checkpoint, tokenizer, out] = positional(args, 3, '<checkpoint.bin> <tokenizer.bin> <out-dir>').map((p) => resolve(io.cwd, p));
  assertWritableTarget(out!);
  const dir = writeHfDir(out!, convertLlama2c(checkpoint!, tokenizer!));
  io.out(formatModelSummary(summarizeModel(dir)).split('\n').slice(0, 3).join('\n'));
  return 0;
}

async function tiny(args: string[], seedOption: string | undefined, io: CommandIO): Promise<number> {
  const seed = parseSeed(seedOption);
  const [kind, out] = positional(args, 2, '<bert|roberta|llama> <out-dir>');
  if (!(TINY_KINDS as readonly string[]).includes(kind!)) throw new UserError(msg.tinyUnknownKind(kind!, TINY_KINDS));
  const target = resolve(io.cwd, out!);
  assertWritableTarget(target);
  const dir = writeHfDir(target, generateTinyModel(kind as TinyKind, seed));
  io.out(formatModelSummary(summarizeModel(dir)).split('\n').slice(0, 3).join('\n'));
  return 0;
}

async function inspect(args: string[], io: CommandIO): Promise<number> {
  const [dir] = positional(args, 1, '<dir>');
  io.out(formatModelSummary(summarizeModel(resolve(io.cwd, dir!))));
  return 0;
}

export const modelCommand: Command = {
  name: 'model',
  usage: USAGE,
  async run(args, io) {
    const line = parseCommandLine(args, { seed: { type: 'string' } }, {
      command: 'model',
      unknownOption: (arg) => cliMessages.unknownModelOption(arg),
      missingValue: () => msg.badSeed(''),
    });
    const [sub, ...rest] = line.positionals;
    const seed = stringOption(line, 'seed');
    if (seed !== undefined && sub !== 'tiny') throw new UserError(cliMessages.unknownModelOption('--seed'));
    switch (sub) {
      case 'convert-llama2c':
        return convert(rest, io);
      case 'tiny':
        return tiny(rest, seed, io);
      case 'inspect':
        return inspect(rest, io);
      case undefined:
        throw new UserError(msg.modelUsage(USAGE));
      default:
        throw new UserError(msg.modelUnknownSub(sub));
    }
  },
};
