"""ClamAV virus scanner plugin (clamd)."""
