"""Pseudonymous citizen keys: a keyed hash of the CPR number.

Used wherever a citizen must be recognised without storing the CPR number
(audit log, contact register, analytics). The key lives in settings, so the
mapping cannot be reversed by brute force over all birth dates without it.
"""

import hashlib
import hmac

from django.conf import settings


def citizen_key(cpr: str) -> str:
    digits = cpr.replace("-", "").strip()
    return hmac.new(settings.PSEUDONYM_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()
