"""The served worker (`python -m reftbench_worker --serve`): one process runs one request after
another, so Python, torch and transformers start once per device instead of once per run.

Protocol (src/backends/torch/worker-process.ts speaks the other side):
  - stdin: one request per line, `{"spec": "<run-spec.json>"}` (optionally "dumpInit", "dumpGrads");
  - stderr: `reftbench_worker: --- request N ---` before a request's own output (the other side
    keeps only what follows it as the run's stderr tail);
  - stdout: the request's events, exactly as a one-run worker writes them, then
    `{"worker": "done", "code": C}` with the exit code that worker would have had.
A request that does not end with code 0 ends the process with that code (after its done line), so
the next run starts in a fresh process; the end of stdin ends it with 0. Before every request the
process-wide settings are put back as they were at start (process_state.py) and every run seeds its
generators from its spec, so a run's results do not depend on the runs before it."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any, TextIO

from .events import EventWriter
from .execute import execute

REQUEST_MARK = "reftbench_worker: --- request {n} ---"


def _request(line: str) -> dict[str, Any]:
    value = json.loads(line)
    if not isinstance(value, dict) or not isinstance(value.get("spec"), str):
        raise ValueError(f"a request is a JSON object with a 'spec' path, got {line.strip()[:200]!r}")
    return value


def serve(requests: TextIO, events: EventWriter) -> int:
    # Load torch and the libraries a run needs while the first request is being prepared.
    from . import process_state
    from .run import library_versions

    library_versions()
    initial = process_state.capture()
    n = 0
    while True:
        line = requests.readline()
        if line == "":
            return 0
        if line.strip() == "":
            continue
        n += 1
        print(REQUEST_MARK.format(n=n), file=sys.stderr, flush=True)
        try:
            request = _request(line)
        except ValueError as error:
            events.emit({"type": "error", "kind": "internal", "message": f"bad request to the served worker: {error}", "traceback": traceback.format_exc()[-4000:]})
            code = 1
        else:
            process_state.restore(initial)
            dump_init, dump_grads = request.get("dumpInit"), request.get("dumpGrads")
            code = execute(Path(request["spec"]), events, Path(dump_init) if dump_init else None, Path(dump_grads) if dump_grads else None)
        sys.stderr.flush()
        events.emit({"worker": "done", "code": code})
        if code != 0:
            return code
