// `node --import ./log-entry-modules.mjs bin/reftbench.mjs …`: prints to stderr, as `loaded <url>`,
// each module of the command's own code that gets loaded (src/*.ts or the compiled copy's .mjs
// files), so that a test can tell which of the two ran.
import { register } from 'node:module';

register('./log-entry-modules-hooks.mjs', import.meta.url);
