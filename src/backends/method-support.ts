/**
 * Which backend runs which method kind, for the planner: the two capability tables
 * (ort/method-kinds.ts, torch-method-table.ts), which hold no graph or worker code, so asking never
 * loads a backend. The implementations are each backend's method table (ort/method-table.ts; the
 * worker's classes in torch/reftbench_worker/methods.py).
 */
export { runsOnOrt } from './ort/method-kinds.ts';
export { runsOnTorch } from './torch-method-table.ts';
