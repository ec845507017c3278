"""What a store manager opens: the journal (filters, totals, CSV, settling an operation whose
outcome is unknown), the customer view (profile, bonus history, invitation, partner bonus), the
scanner check, and the PIN prompt that guards them. It may import ``widgets``, ``background``
and ``settings``; the cashier's window opens these, never the other way round."""
