"""The program's start: logging, language, the journal, the one window per user, and the first
frame (a search field that takes keys before the rest is imported). ``launch`` imports the rest
only after the frame is on screen."""
