/** User-facing messages of the engine stage. */
export const engineMessages = {};
