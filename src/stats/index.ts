/** Statistics for reports and checks: seeded resampling, bootstrap CIs, paired tests, corrections, tuning curves. */
export * from './random.ts';
export * from './descriptive.ts';
export * from './bootstrap.ts';
export * from './resampled-metrics.ts';
export * from './permutation-test.ts';
export * from './multiple-comparisons.ts';
export * from './expected-max.ts';
export * from './t-interval.ts';
export * from './verdict.ts';
