/**
 * A write the file system refused — no permission, a read-only file system, a full disk or quota —
 * (or a folder it would not let us read) is the user's machine speaking, not a bug: the CLI turns it into one message naming the path and
 * exit 2 instead of a stack trace. What was already written stays: every result and report is
 * written to a temporary name and renamed into place (src/data/atomic-write.ts,
 * src/report/write-bundle.ts), so a refused write leaves the previous file as it was.
 */
import { cliMessages } from '../messages/index.ts';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
};

const READS = new Set(['scandir', 'read', 'stat', 'lstat', 'access', 'readlink', 'opendir']);

/** The message for a refused write, or undefined when `error` is not one. */
export function diskProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason === undefined) return undefined;
  // No permission is also a read's problem (a results folder that cannot be listed).
  const syscall = (error as NodeJS.ErrnoException).syscall;
  const reading = (code === 'EACCES' || code === 'EPERM') && syscall !== undefined && READS.has(syscall);
  return (reading ? cliMessages.cannotRead : cliMessages.cannotWrite)(path, `${code}: ${reason}`);
}
