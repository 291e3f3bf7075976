"""`faust -A streams.app worker`: the entry point Faust's own command line is given (DESIGN.md).

The app lives in `streams.worker.app`; this module only names it where Faust looks.
"""

from streams.worker.app import app

__all__ = ["app"]
