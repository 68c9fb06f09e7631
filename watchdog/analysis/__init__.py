"""Parsing, roles and data flow: from an inventory to alert paths the detectors judge."""
