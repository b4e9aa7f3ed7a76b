"""The smallest Django project worth comparing with: `make bench` reports each page of the site
as a share of this project's one page, served the same way in the same run (scripts/bench.py)."""
