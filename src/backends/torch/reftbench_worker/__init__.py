"""reftbench's PyTorch worker: runs one run spec (schemas/run-spec.schema.json) with torch,
transformers and peft, and streams events (schemas/events.schema.json) as JSON lines on stdout.

Start it as `python -m reftbench_worker <run-spec.json>` with this folder's parent on PYTHONPATH;
the TypeScript side does so in src/backends/torch/adapter.ts.
"""

WORKER_VERSION = "0.1.0"
