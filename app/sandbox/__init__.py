"""A stateful emulator of the loyalty, IMSHOP and partner APIs over SQLite."""
