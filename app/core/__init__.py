"""The till's workflow without widgets."""
