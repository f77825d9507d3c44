/** Messages of the command line itself: usage and unknown commands. */
export const cliMessages = {
  unknownCommand: (name: string, known: readonly string[]) =>
    `unknown command "${name}". Known commands: ${known.join(', ')}. Run \`reftbench help\` for usage.`,
  missingArgument: (command: string, what: string) =>
    `\`reftbench ${command}\` needs ${what}. Run \`reftbench help\` for usage.`,
};
