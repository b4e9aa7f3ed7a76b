"""Bulk inserts for the scale data: buffered, in foreign-key order, counted and timed per model."""

import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.db import connection, reset_queries

# Django's PostgreSQL protocol limit is 65,535 parameters a statement when binding on the server.
MAX_PARAMETERS = 65_000


def batch_size_for(model) -> int:
    """Rows per INSERT: up to 5,000, fewer for wide tables (never more than the parameters allow)."""
    return min(5000, MAX_PARAMETERS // len(model._meta.concrete_fields))


@contextmanager
def given_timestamps(models):
    """Keep the created_at/updated_at values the rows are given instead of "now".

    Django sets auto_now and auto_now_add fields in bulk_create too, which would date three
    years of history to the minute it was loaded; the flags are lifted on the field objects
    for the duration of the load (one management command, one thread) and put back after.
    """
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Loader:
    """Collects unsaved rows and writes them with bulk_create, parents before children.

    order lists every model in foreign-key order; a flush writes each model's rows in that
    order, so a child never reaches the database before its parent (the constraints are
    checked as each statement ends). Primary keys are UUIDs made beforehand, or read back
    from PostgreSQL for the few tables with integer ids.
    """

    def __init__(self, order, *, write, flush_every: int = 40_000):
        self.order = list(order)
        self.buffers = {model: [] for model in self.order}
        self.counts: Counter = Counter()
        self.seconds: defaultdict = defaultdict(float)
        self.write = write
        self.flush_every = flush_every
        self.buffered = 0

    def add(self, obj) -> None:
        self.buffers[type(obj)].append(obj)
        self.buffered += 1
        if self.buffered >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        for model in self.order:
            rows = self.buffers[model]
            if not rows:
                continue
            started = time.monotonic()
            model.objects.bulk_create(rows, batch_size=batch_size_for(model))
            self.seconds[model] += time.monotonic() - started
            self.counts[model] += len(rows)
            rows.clear()
        self.buffered = 0
        # With DEBUG on, Django keeps every statement's text: thousands of rows each.
        reset_queries()

    @contextmanager
    def phase(self, title: str):
        """Write what the phase made and report it: rows and seconds per model, then the phase."""
        before = Counter(self.counts)
        seconds_before = dict(self.seconds)
        started = time.monotonic()
        yield
        self.flush()
        for model in self.order:
            made = self.counts[model] - before[model]
            if made:
                spent = self.seconds[model] - seconds_before.get(model, 0.0)
                self.write(f"  {label(model):<32} {made:>10,}  {spent:6.1f}s")
        self.write(f"  ({title}: {time.monotonic() - started:.1f}s in all)")


def label(model) -> str:
    meta = model._meta
    if meta.auto_created:  # a many-to-many table: "support request help wanted"
        owner = meta.auto_created._meta
        field = meta.model_name.removeprefix(owner.model_name + "_").replace("_", " ")
        return f"{owner.verbose_name} {field}"
    return str(meta.verbose_name_plural)


def check_constraints_immediately() -> None:
    """For the rest of this transaction, check foreign keys as each statement ends rather than
    at commit (PostgreSQL defers Django's), so millions of rows do not pile up a queue of
    checks in the server's memory."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
