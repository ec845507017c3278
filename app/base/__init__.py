"""What every layer may use and which uses nothing of the program: files written for this user
only, the masking of phones and emails, a SQLite store with one writer. With app.paths,
app.i18n and app.logs it is the bottom layer (tests/unit/test_layers.py): the API clients, the
sandbox, the core and the windows all stand on it, and it imports none of them."""
