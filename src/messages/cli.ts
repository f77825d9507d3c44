/** Messages of the command line itself: usage and unknown commands. */
export const cliMessages = {
  unknownCommand: (name: string, known: readonly string[]) =>
    `unknown command "${name}". Known commands: ${known.join(', ')}. Run \`reftbench help\` for usage.`,
  version: (h: { version: string; commit: string | null }) => `reftbench ${h.version}${h.commit ? ` (commit ${h.commit.slice(0, 12)})` : ''}`,
  missingArgument: (command: string, what: string) =>
    `\`reftbench ${command}\` needs ${what}. Run \`reftbench help\` for usage.`,
};
