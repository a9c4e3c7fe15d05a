"""Shared test helpers."""

import contextlib
import os

import pytest

CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str):
    """Skip locally, fail under CI=true: in CI a part that cannot run is a failure."""
    if CI:
        pytest.fail(f"Required test dependency unavailable under CI: {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def module_data(django_db_blocker, using="default"):
    """Keep data made once for a whole test module, and nothing of it afterwards.

    Opens a transaction that stays open across the module's tests: each test's
    ``db`` fixture nests its own atomic block (a savepoint) inside it, so a test's
    changes roll back and the module's data stays; at the end the outer
    transaction rolls back too, so later modules never see the data. Use it in a
    module-scoped fixture, making the data inside ``django_db_blocker.unblock()``::

        @pytest.fixture(scope="module")
        def demo(django_db_setup, django_db_blocker):
            with module_data(django_db_blocker):
                with django_db_blocker.unblock():
                    load_demo()
                yield

    Only for tests with ``db`` (``transactional_db`` flushes the database). With
    xdist each worker has its own database and loads the data once itself.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic(using=using)
        # Like django.test.TestCase's own blocks: a durable block may open inside.
        atomic._from_testcase = True
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True, using=using)
            atomic.__exit__(None, None, None)
