/**
 * The entry a backend's method table (`Record<MethodKind, …>`) holds for a kind that backend does
 * not run: an explicit "not here", so every kind is listed in every table (a kind left out does not
 * compile) and a kind that is not here is refused by name — by the planner, with one message naming
 * the backend that runs it, and by the backend itself for a run spec that reached it anyway.
 */
export const NOT_HERE = Object.freeze({ notHere: true as const });
export type NotHere = typeof NOT_HERE;
