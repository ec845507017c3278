"""IT's settings dialog: profiles, addresses, timeouts, the keys in the keyring, the connection
test, and what the window needs to open it (``context``, light for start-up). It edits
``app.core.settings.edit.SettingsEdit`` and may import ``widgets`` and ``background``."""
