"""Errors of the worker that end a run: each becomes one error event (schemas/events.schema.json)."""

from __future__ import annotations


class WorkerUserError(Exception):
    """A mistake the user can fix (bad spec, missing model or data file, unsupported setting);
    the message names the file, the place in it and what to do."""


class DivergedError(Exception):
    """The training loss became NaN or infinite."""

    def __init__(self, step: int, message: str) -> None:
        super().__init__(message)
        self.step = step
