"""Shared pieces of the access matrix (see tests/access/matrix.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"

ANON = "anonymous"
E1, E2, PEER = "entrepreneur", "entrepreneur2", "peer"
STAFF_A, MANAGER_A, STAFF_B = "staff_a", "manager_a", "staff_b"
COMMISSIONER, EDITOR, ADMIN = "commissioner", "editor", "admin"
SIGNED_IN = [E1, E2, PEER, STAFF_A, MANAGER_A, STAFF_B, COMMISSIONER, EDITOR, ADMIN]


def everyone(answer) -> dict:
    return {ANON: answer, **dict.fromkeys(SIGNED_IN, answer)}


def signed_in(answer) -> dict:
    return {ANON: LOGIN, **dict.fromkeys(SIGNED_IN, answer)}


@dataclass
class Route:
    name: str
    expect: dict[str, Any]
    args: Callable[[Any], dict | list] = field(default=lambda cast: {})
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    # For object routes: arguments naming an object that does not exist. A signed-in
    # outsider must get the same answer for the real object as anyone gets for this.
    missing_args: Callable[[Any], dict | list] | None = None
    public: bool = False
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or f"{self.method}:{self.name}"
