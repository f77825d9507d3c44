/** User-facing messages of the run stage. */
export const runMessages = {};
