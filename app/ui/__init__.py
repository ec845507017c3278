"""Qt widgets and windows."""
