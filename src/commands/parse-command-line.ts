/**
 * The one argument parser every command uses (node:util's `parseArgs`, walked token by token so each
 * command keeps its own messages): `--opt value` and `--opt=value` are the same, `--` ends the
 * options (what follows is positional even when it starts with a dash), a boolean option given a
 * value is refused, a string option's separate value may not itself be an option (`--results --json`
 * is a missing value; `--results=--json` is taken as written), and the last of a repeated option wins.
 * `asksForHelp` is the same reading for `-h`/`--help`, which the CLI answers before any command runs.
 */
import { parseArgs } from 'node:util';
import { UserError } from '../errors.ts';
import { cliMessages } from '../messages/index.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** How one command words each mistake on its command line (each returns the message). */
export interface CommandLineMessages {
  /** The command's name, for the messages shared by every command. */
  command: string;
  unknownOption(arg: string): string;
  missingValue(option: string): string;
  /** A boolean option given a value (`--json=yes`); defaults to a message shared by every command. */
  unexpectedValue?(option: string): string;
}

export interface CommandLine {
  /** Each option given, by name: its value (the last one when repeated), or `true` for a flag. */
  values: Record<string, string | true>;
  positionals: string[];
}

/** Parses `args` against `options`, throwing a `UserError` worded by `messages` at the first mistake. */
export function parseCommandLine(args: readonly string[], options: Readonly<Record<string, OptionSpec>>, messages: CommandLineMessages): CommandLine {
  const { tokens } = parseArgs({ args: [...args], options: { ...options }, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    // Short flags grouped as -xyz arrive one token each; the message names what was typed.
    if (spec === undefined) throw new UserError(messages.unknownOption(args[token.index]!));
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        throw new UserError(messages.unexpectedValue?.(token.rawName) ?? cliMessages.unexpectedOptionValue(messages.command, token.rawName));
      }
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new UserError(messages.missingValue(token.rawName));
    values[token.name] = token.value;
  }
  return { values, positionals };
}

/** Whether `args` ask for the command's usage: `-h` or `--help` among its options (not after `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const { tokens } = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help' && t.value === undefined);
}

/** The value of a string option, or undefined when it was not given. */
export function stringOption(line: CommandLine, name: string): string | undefined {
  const v = line.values[name];
  return typeof v === 'string' ? v : undefined;
}
