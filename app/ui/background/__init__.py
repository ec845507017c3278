"""Work off the GUI thread: the one request service (``requests``: weak owners, lanes, bounded
stop) and the passes that run on it — the offline earns, the chain's shipping, the journal's
sweep and counts, the link's probe — with one backoff, ``app.core.link.state.retry_delay``.
No widgets: plain ``QObject`` timers and callbacks."""
