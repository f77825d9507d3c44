/** Messages of the command line itself: usage, help and unknown commands. */
export const cliMessages = {
  unknownCommand: (name: string, known: readonly string[]) =>
    `unknown command "${name}". Known commands: ${known.join(', ')}. Run \`reftbench help\` for usage.`,
  version: (h: { version: string; commit: string | null }) => `reftbench ${h.version}${h.commit ? ` (commit ${h.commit.slice(0, 12)})` : ''}`,
  notACommand: (name: string, known: readonly string[]) =>
    `"${name}" is not a reftbench command; the commands are ${known.join(', ')}. Run \`reftbench help <command>\` for one of them.`,
  missingArgument: (command: string, what: string) =>
    `\`reftbench ${command}\` needs ${what}. Run \`reftbench help\` for usage.`,
  unexpectedOptionValue: (command: string, option: string) =>
    `reftbench ${command}: ${option} takes no value (write ${option} alone). See \`reftbench help ${command}\`.`,
  cannotWrite: (path: string | undefined, reason: string) =>
    `${path ?? 'a file'}: cannot write (${reason}). Files written before are intact; free some space or fix the permissions ` +
    '(or write elsewhere: `run --results DIR`, `report --out DIR`, or REFTBENCH_CACHE_DIR for the cache) and rerun the same command.',
  cannotRead: (path: string | undefined, reason: string) =>
    `${path ?? 'a file'}: cannot read (${reason}). Fix its permissions, or point the command at another file or folder, and rerun.`,
  unknownModelOption: (option: string) => `reftbench model: unknown option ${option}. See \`reftbench help model\` for the options.`,
};
