"""Short references people can read out on the phone (EP-7K3D9Q), unique per model."""

import secrets

# No 0/O or 1/I, which are easy to misread.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(model, prefix: str, *, length: int = 6) -> str:
    """A reference not yet used by any row of model (its field is called "reference")."""
    while True:
        reference = prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not model.objects.filter(reference=reference).exists():
            return reference
