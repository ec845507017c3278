"""The sale at the till, without widgets: the checkout's state and its choice rules, the
workflow that turns the cashier's actions and the servers' replies into effects and events,
what a scan or a typed search means, a typed amount, the server's figures checked, and what
became of a sale F9 sent. It may import app.base, app.api and the other core packages."""
