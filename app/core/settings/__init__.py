"""The settings: the model and its checks, the files and their layers (user, machine, the
Windows policy on top), the OS keyring's secrets, the manager's PIN, and the editing state the
settings dialog shows. It may import app.base, app.api and the other core packages."""
