/** User-facing messages of the report stage. */
export const reportMessages = {};
