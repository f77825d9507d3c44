/** User-facing messages of the torch stage. */
export const torchMessages = {};
