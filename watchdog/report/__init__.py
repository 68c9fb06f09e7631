"""Renderers of a scan report: JSON (the public contract), text."""
