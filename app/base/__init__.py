"""The bottom layer, which every layer may use and which uses nothing of the program: the
platform's folders (paths), the words and their catalogues (i18n), the logs, files written for
this user only, the masking of phones and emails, server text made safe to show, a SQLite store
with one writer, a uvicorn server on a thread, and the Windows restart-after-upgrade hook
(tests/unit/test_layers.py). The API clients, the sandbox, the core and the windows all stand
on it, and it imports none of them."""
