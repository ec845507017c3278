"""The link to the servers: the connection a profile makes (session), the link's state and
the till's clock against the server's, the connection check, the status for IT, and the
diagnostics text. It may import app.base, app.api and the other core packages."""
