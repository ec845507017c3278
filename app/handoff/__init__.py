"""The POS hand-off: a POS hands the till an amount and gets the sale's outcome back. The
protocol's messages and problems (protocol), the till's end — the desk that turns a request
into the cashier's screen and the workflow's events into replies (desk), over a local socket
or Windows named pipe (local_socket, win_pipe) and loopback HTTP for a web POS (http_endpoint)
with signed requests (signing) — and the POS's end, the ``sale`` command (client). The top
layer: it may import everything below it; only the client must stay light (no Qt, no pydantic)
so that a POS's ``sale`` starts fast."""
