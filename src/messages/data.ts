/** User-facing messages of the data stage. */
export const dataMessages = {};
