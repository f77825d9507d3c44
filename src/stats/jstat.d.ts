// Types of the part of jstat (plain JavaScript, no bundled types) that src/stats/t-interval.ts uses.
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: {
        /** The p-quantile of Student's t distribution with dof degrees of freedom. */
        inv(p: number, dof: number): number;
        cdf(x: number, dof: number): number;
      };
    };
  };
  export default jstat;
}
