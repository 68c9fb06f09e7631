"""Hand one stored message to the oversight inbox: SMTP (plain, STARTTLS or TLS) or a Maildir.

The message bytes were fixed when the scan was committed; only the envelope and the From/To
headers are taken from the configuration in force at sending time, so a reloaded recipient
list applies to mail still waiting in the outbox.
"""

from __future__ import annotations

import smtplib
import ssl
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage

from watchdog.config import InboxConfig
from watchdog.notify.maildir import deliver


class DeliveryError(Exception):
    """The inbox did not take the message; the outbox keeps it and tries again later."""


def prepare(raw: bytes, inbox: InboxConfig) -> EmailMessage:
    msg = message_from_bytes(raw, policy=email_policy.default)
    if not isinstance(msg, EmailMessage):  # the default policy always builds one
        raise DeliveryError("the outbox holds a message the mail library cannot read")
    del msg["From"]
    del msg["To"]
    msg["From"] = inbox.sender
    msg["To"] = ", ".join(inbox.to)
    return msg


def send(raw: bytes, inbox: InboxConfig) -> None:
    msg = prepare(raw, inbox)
    if inbox.maildir is not None:
        try:
            deliver(msg, inbox.maildir)
        except OSError as exc:
            raise DeliveryError(f"maildir {inbox.maildir}: {exc.strerror or exc}") from None
        return
    if inbox.smtp_host is None:
        raise DeliveryError("the inbox has neither a maildir nor an SMTP host")
    try:
        _smtp(msg, inbox)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"every recipient refused: {sorted(exc.recipients)}") from None
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        raise DeliveryError(f"SMTP {exc.smtp_code}: {text[:200]}") from None
    except (smtplib.SMTPException, OSError) as exc:
        where = f"{inbox.smtp_host}:{inbox.smtp_port}"
        raise DeliveryError(f"SMTP {where}: {type(exc).__name__}: {str(exc)[:200]}") from None


def _smtp(msg: EmailMessage, inbox: InboxConfig) -> None:
    host, port, timeout = inbox.smtp_host or "", inbox.smtp_port, inbox.smtp_timeout
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if inbox.smtp_ssl:
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        client.ehlo()
        if inbox.smtp_starttls:
            client.starttls(context=context)
            client.ehlo()
        if inbox.smtp_user:
            client.login(inbox.smtp_user, inbox.password() or "")
        client.send_message(msg, from_addr=inbox.sender, to_addrs=list(inbox.to))
