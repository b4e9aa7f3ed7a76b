"""Say clearly, before the tests start, if PostgreSQL or Redis is not reachable."""

import socket
import sys
from urllib.parse import urlparse


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def main() -> int:
    database_url, redis_url = sys.argv[1], sys.argv[2]
    missing = []
    if database_url.startswith("postgres") and not reachable(database_url, 5432):
        missing.append(f"PostgreSQL at {database_url}")
    if redis_url and not reachable(redis_url, 6379):
        missing.append(f"Redis at {redis_url}")
    if missing:
        print("The tests need these services running:", ", ".join(missing), file=sys.stderr)
        print(
            "Start them (see README) or point TEST_DATABASE_URL / TEST_REDIS_URL elsewhere.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
