/** User-facing messages of the check stage. */
export const checkMessages = {};
