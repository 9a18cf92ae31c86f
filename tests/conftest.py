"""Shared helpers: documents made from one sentence, and paths to the fixtures and the shared folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reconcile.types import Document, Sentence

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
STORIES = FIXTURES / "stories"
SHARED = ROOT.parent / "shared"


def one_sentence(text: str, published: str | None) -> Document:
    """A document whose body is exactly this text, as one sentence: corpus examples skip body detection."""
    return Document(
        id="corpus",
        outlet="corpus",
        url=None,
        title=None,
        text=text,
        published=date.fromisoformat(published) if published else None,
        published_inferred=False,
        from_html=False,
        sentences=(Sentence(0, len(text), text),),
    )
