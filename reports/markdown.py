"""Moved to core.markdown (the announcements in sessions render with it too); kept so older
imports keep working."""

from core.markdown import render_markdown

__all__ = ["render_markdown"]
