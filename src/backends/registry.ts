/**
 * The backends by name, and the `auto` choice: torch when a GPU and the project's Python
 * environment (.venv/, made by scripts/setup-torch.sh) exist, else ort. The torch backend
 * (src/backends/torch-backend.ts, over the worker adapter src/backends/torch/adapter.ts) is loaded
 * only when asked for, so ort-only machines never load it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { runMessages } from '../messages/index.ts';
import { REPO_ROOT } from '../repo-root.ts';
import type { Backend, BackendName } from './backend.ts';
import { OrtBackend } from './ort/backend.ts';
import { OrtChildBackend } from './ort/child-backend.ts';

export type BackendChoice = BackendName | 'auto';

export function isBackendChoice(value: string): value is BackendChoice {
  return value === 'ort' || value === 'torch' || value === 'auto';
}

/** A `--backend` value as a choice; anything else is a user error naming the valid ones. */
export function parseBackendChoice(value: string): BackendChoice {
  if (!isBackendChoice(value)) throw new UserError(runMessages.unknownBackend(value));
  return value;
}

/** True when an NVIDIA GPU answers `nvidia-smi -L`. */
export function hasGpu(): boolean {
  try {
    return execFileSync('nvidia-smi', ['-L'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString().includes('GPU');
  } catch {
    return false;
  }
}

/** True when the torch backend's Python environment has been set up. */
export function hasTorchEnv(root = REPO_ROOT): boolean {
  return existsSync(join(root, '.venv', 'bin', 'python')) && existsSync(join(root, '.venv', '.reftbench-pins'));
}

/** What `auto` resolves to on this machine. */
export function resolveBackendChoice(choice: BackendChoice): BackendName {
  if (choice !== 'auto') return choice;
  return hasGpu() && hasTorchEnv() ? 'torch' : 'ort';
}

async function loadTorchBackend(env: NodeJS.ProcessEnv): Promise<Backend> {
  // Imported on demand: ort-only runs never load the torch adapter (or execa).
  const { TorchBackend } = await import('./torch-backend.ts');
  return new TorchBackend({ env });
}

/**
 * Opens the backend a suite (or --backend) asks for. `ort` runs in child processes, so a Ctrl-C or a
 * time limit stops a run mid-step (src/backends/ort/child-backend.ts); REFTBENCH_ORT_IN_PROCESS=1
 * keeps it in the command's process.
 */
export async function openBackend(choice: BackendChoice, env: NodeJS.ProcessEnv = process.env): Promise<Backend> {
  const name = resolveBackendChoice(choice);
  if (name === 'ort') return env.REFTBENCH_ORT_IN_PROCESS === '1' ? new OrtBackend() : new OrtChildBackend();
  if (!hasTorchEnv()) throw new UserError(runMessages.torchUnavailable('.venv/ is missing'));
  return loadTorchBackend(env);
}
