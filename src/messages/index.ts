/**
 * Every user-facing message, one file per pipeline stage (suite, plan, data, run, report, check, ...).
 * A stage's code builds its texts only through these functions, so wording lives in one place.
 */
export * from './cli.ts';
export * from './suite.ts';
export * from './plan.ts';
export * from './data.ts';
export * from './models.ts';
export * from './engine.ts';
export * from './run.ts';
export * from './report.ts';
export * from './check.ts';
export * from './torch.ts';
export * from './hub.ts';
export * from './executors.ts';
