"""terminus-edge: an offline execution subagent that turns terminal output into short, faithful summaries."""

__version__ = "0.1.0"
