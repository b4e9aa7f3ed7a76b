"""Models arrive with this app's first feature issue."""
