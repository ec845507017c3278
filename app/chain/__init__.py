"""The chain's view: every till's journal copied to the chain's own PostgreSQL, and the
support desk's queries over it.

Opt-in (``chain_dsn`` in the machine-wide settings). The till's SQLite journal stays the
truth: an entry is shipped after it is written and again whenever it changes, from an outbox
in the journal (``revision`` > ``shipped``), by a background sender; PostgreSQL being slow or
down costs no sale. The central copy is a copy, shipped after the fact.
"""
