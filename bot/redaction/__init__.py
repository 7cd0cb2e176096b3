"""Redaction of personal details from what residents write, before anything is kept.

The partnership keeps a short anonymised description of each concern. What is kept must hold
no names, phone numbers, email addresses, full postcodes, house or flat numbers, vehicle
registrations, dates of birth or National Insurance numbers, while the words that make the
report useful stay: places ("Accrington"), street names without their numbers, vehicle types
("white van") and what happened. Built on Presidio (presidio-analyzer) over the project's own
spaCy pipeline; nothing here reaches the network.

    from bot.redaction import redactor
    redactor().redact("ring me on 07700 900123")  # -> "ring me on [PHONE]"
"""

from bot.redaction.engine import (
    TAGS,
    RedactionError,
    Redactor,
    clean,
    redact_lines,
    redactor,
)

__all__ = ["TAGS", "RedactionError", "Redactor", "clean", "redact_lines", "redactor"]
