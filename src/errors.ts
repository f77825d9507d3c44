/**
 * Errors a user can cause (a bad suite, missing data, a bad model directory).
 *
 * The CLI prints `message` (and nothing else: no stack trace) and exits with code 2.
 * Build the text with a function from `src/messages/`, so every user-facing message lives there.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
