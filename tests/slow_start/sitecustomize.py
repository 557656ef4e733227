"""Put on PYTHONPATH by tests/signal_runs.py (start_slow): Python imports this at start-up, and the first import of the
module named in TE_SLOW_IMPORT then waits (a minute at most) after creating the file named in TE_SLOW_IMPORT_READY,
so a test can send a signal while the process is still starting, at the import it chose, every time."""

import os
import sys
import time


class SlowImport:
    """A meta path finder that finds nothing: it only holds up the first import of one module."""

    def __init__(self, module: str, ready: str):
        self.module, self.ready = module, ready

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.module:
            sys.meta_path.remove(self)  # once: a second import of it goes through
            with open(self.ready, "w"):
                pass
            time.sleep(60)  # a signal's handler raising here ends the import, as one would in a slow real one
        return None


if os.environ.get("TE_SLOW_IMPORT") and os.environ.get("TE_SLOW_IMPORT_READY"):
    sys.meta_path.insert(0, SlowImport(os.environ["TE_SLOW_IMPORT"], os.environ["TE_SLOW_IMPORT_READY"]))
