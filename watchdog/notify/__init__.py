"""The oversight inbox: digest mails and their delivery (Maildir here; SMTP with the daemon)."""
