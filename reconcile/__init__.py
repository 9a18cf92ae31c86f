"""reconcile: what different news outlets claim about one story, extracted, aligned and judged.

>>> from reconcile import Source, StoryInfo, reconcile
>>> report = reconcile([Source(id="a", outlet="A", published="2025-08-21", text="...")], StoryInfo(id="s"))
"""

from .errors import InputError, ReconcileError
from .report import reconcile
from .settings import Settings
from .types import Claim, Finding, Report, Source, StoryInfo

__all__ = ["Claim", "Finding", "InputError", "ReconcileError", "Report", "Settings", "Source", "StoryInfo", "reconcile"]
