/** User-facing messages of the models stage. */
export const modelsMessages = {};
