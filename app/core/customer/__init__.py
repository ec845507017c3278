"""The manager's view of one customer, without widgets: which requests it makes, which replies
still count, an enrolment's failure, and what the bonus history says will expire. It may import
app.base, app.api and the other core packages."""
