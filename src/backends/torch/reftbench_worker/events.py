"""Writes events (schemas/events.schema.json) as JSON lines on stdout, flushed one by one, so the
TypeScript adapter sees progress as it happens. Nothing else may write to stdout."""

from __future__ import annotations

import json
import math
import sys
from typing import Any, TextIO


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN/Infinity: non-finite numbers become null, as the schema says."""
    return value if math.isfinite(value) else None


class EventWriter:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout

    def emit(self, event: dict[str, Any]) -> None:
        self._stream.write(json.dumps(event, allow_nan=False, separators=(",", ":")) + "\n")
        self._stream.flush()
