"""Numbers and addresses the documents fix, importable without loading the HTTP stack."""

HOLD_MINUTES_DEFAULT = 10  # document 003: a hold lasts 10 minutes unless told otherwise
HOLD_MINUTES_MAX = 30
PARTNER_URL = "http://tools.moab.pro/api/Register/Add"  # document 004
PARTNER_MIN_READ_TIMEOUT = 15.0  # document 004 asks for at least 15 s
