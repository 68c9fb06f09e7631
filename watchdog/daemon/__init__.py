"""The service: scheduled scans of every configured target, and the courier that empties the
outbox into the oversight inbox."""
