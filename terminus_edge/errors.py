"""Errors that the CLI turns into one clear line (no traceback)."""


class TerminusError(Exception):
    """Base class: str(error) is the one-line message shown to the user."""


class BundleError(TerminusError):
    """A bundle is missing, incomplete, corrupt or of an unknown format."""


class ExportError(TerminusError):
    """An export cannot proceed (unsupported architecture, missing file, validation failure)."""
