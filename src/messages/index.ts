/**
 * Every user-facing message, one file per pipeline stage (suite, plan, data, run, report, check, ...).
 * A stage's code builds its texts only through these functions, so wording lives in one place.
 */
export * from './cli.ts';
