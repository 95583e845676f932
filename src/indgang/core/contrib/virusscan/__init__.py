"""Virus scanner plugins: ``demo`` (EICAR only) and ``clamd`` (ClamAV)."""
