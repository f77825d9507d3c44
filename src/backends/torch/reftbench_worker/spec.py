"""Reads a run spec and validates it against schemas/run-spec.schema.json, the same file (and the
same fixtures) the TypeScript side validates with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

from .errors import WorkerUserError

SCHEMA_DIR = Path(__file__).resolve().parents[4] / "schemas"


def load_schema(name: str) -> dict[str, Any]:
    """A schema from the repository's schemas/ folder, e.g. 'run-spec' or 'events'."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _pointer(path: Any) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "(the top level)"


def validate_run_spec(spec: Any, source: str) -> dict[str, Any]:
    """Returns the spec when it is valid, else raises WorkerUserError listing every problem with
    its JSON pointer."""
    validator = Draft7Validator(load_schema("run-spec"))
    problems = sorted(validator.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path)))
    if problems:
        lines = [f"  {_pointer(e.absolute_path)}: {e.message}" for e in problems[:20]]
        raise WorkerUserError(
            f"{source} is not a valid run spec (schemas/run-spec.schema.json):\n" + "\n".join(lines)
            + "\nFix these fields (the planner writes run specs; rerun `reftbench plan` if this file was edited by hand)."
        )
    assert isinstance(spec, dict)
    return spec


def read_run_spec(path: Path) -> dict[str, Any]:
    """Reads and validates the run spec file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WorkerUserError(f"cannot read the run spec {path}: {error.strerror}. Check the path.") from error
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as error:
        raise WorkerUserError(f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). Fix the file or regenerate it with `reftbench plan`.") from error
    return validate_run_spec(spec, str(path))
