"""Errors that the CLI turns into one clear line (no traceback)."""


class TerminusError(Exception):
    """Base class: str(error) is the one-line message shown to the user."""


class BundleError(TerminusError):
    """A bundle is missing, incomplete, corrupt or of an unknown format."""


class ExportError(TerminusError):
    """An export cannot proceed (unsupported architecture, missing file, validation failure)."""


class ToolInputError(TerminusError):
    """The agent's arguments are unusable (bad line range, bad regex, empty command)."""


class ToolDenied(TerminusError):
    """The policy (or the user) refused the command; str() is the reason given back to the agent."""
