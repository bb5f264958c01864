"""Old name of `loader.sources.seed_stream`, kept only until benchmarks/run.py imports the new
one (a file this branch does not own); delete it then."""

from loader.sources.seed_stream import stream_validate_plan

__all__ = ["stream_validate_plan"]
