"""The write-ahead journal of money operations: its entries and schema, opening it (waiting
for a file another program holds), the reads and the writes (with outcomes kept aside while
the file refuses them), the manager's words and CSV for it, and what a start does about the
last session's loose ends. It may import app.base, app.api and the other core packages."""
