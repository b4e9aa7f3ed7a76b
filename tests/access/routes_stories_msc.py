"""Access expectations for one story (capture, check, consent); being written."""

ROUTES = []
