"""The console program ``loyalty-till``: its commands (commands), their arguments (parser),
text to a console or a pipe on any OS (console), the fleet's till setup (till_setup) and the
self-test IT runs on a till (selftest). The top layer: it may import everything below it, and
imports each heavy part only in the command that needs it."""
