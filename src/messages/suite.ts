/** User-facing messages of the suite stage. */
export const suiteMessages = {};
