"""The TUI's modal screens. Each gets its content in the constructor and answers through dismiss()."""

from terminus_edge.tui.screens.approval import CommandApprovalScreen
from terminus_edge.tui.screens.dialogs import EditScreen, HelpScreen, RawLogScreen, ScrollbackScreen, clip_for_view

__all__ = ["CommandApprovalScreen", "EditScreen", "HelpScreen", "RawLogScreen", "ScrollbackScreen", "clip_for_view"]
