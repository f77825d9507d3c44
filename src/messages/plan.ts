/** User-facing messages of the plan stage. */
export const planMessages = {};
