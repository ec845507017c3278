"""Masking personal data for the screen and the log."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """``79201234567`` → ``+7 920 ***-**-67``: enough to confirm with the customer, no more."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 11 and digits[0] in "78":
        return f"+7 {digits[1:4]} ***-**-{digits[-2:]}"
    if len(digits) == 10 and digits[0] in "3456789":  # the national number without 7 or 8
        return f"+7 {digits[:3]} ***-**-{digits[-2:]}"
    if len(digits) >= 4:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_lookup(lookup: str) -> str:
    """A customer known only by what was searched (an offline earn): a phone masked, a card
    or an app code by its last four characters."""
    if lookup.isdigit() and len(lookup) == 11 and lookup[0] == "7":
        return mask_phone(lookup)
    return f"…{lookup[-4:]}"


def mask_email(email: str | None) -> str:
    """``ivan.petrov@mail.ru`` → ``i***@mail.ru``."""
    if not email or "@" not in email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
