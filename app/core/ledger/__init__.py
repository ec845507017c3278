"""What became of the money: the teller that sends holds, releases and retails through the
journal, the reconciler and its pure verdicts for a reply that was lost, holds the till no
longer shows, and the queue of earns recorded without a connection. It may import app.base,
app.api and the other core packages."""
