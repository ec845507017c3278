"""Typed HTTP clients of the loyalty, IMSHOP and partner APIs; no Qt here."""
