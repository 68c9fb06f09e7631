"""Delivery to a local Maildir: the inbox for a site without a mail server, and the demo's."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path


def deliver(msg: EmailMessage, path: Path) -> Path:
    """Maildir's tmp→new rename makes each delivery atomic; returns the message's file."""
    box = mailbox.Maildir(str(path), create=True)
    try:
        key = box.add(msg)
    finally:
        box.close()
    return path / "new" / key
