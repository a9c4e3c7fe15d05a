"""Shared test helpers."""

import contextlib
import os
from html.parser import HTMLParser

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


class _FormFields(HTMLParser):
    """The fields a browser would submit from the forms of a page."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def submitted_fields(html: str) -> dict[str, list[str]]:
    """What submitting the page's forms unchanged would POST: ``{name: [values]}``."""
    parser = _FormFields()
    parser.feed(html)
    return parser.data


def page_edit_url(page) -> str:
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def page_form_data(client, page, **changes) -> dict[str, list[str]]:
    """What Wagtail's page editor would post for ``page`` unchanged (as ``client``
    sees it), with ``changes`` applied. The StreamField body is drawn by script,
    so it is posted empty: use it for pages without a body."""
    response = client.get(page_edit_url(page))
    assert response.status_code == 200
    data = submitted_fields(response.content.decode())
    data.pop("q", None)  # the admin's search box
    data.setdefault("body-count", ["0"])
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def body(response) -> bytes:
    """The body of a 200 response, streamed or not (spreadsheet exports stream)."""
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def run_concurrently(action, threads: int, outcomes: dict) -> list[str]:
    """Run ``action(n)`` in ``threads`` real threads released together (a barrier),
    each on its own database connection; return what each ended with: ``"ok"``,
    the label ``outcomes`` gives its exception class, or the repr of another
    exception. For the PostgreSQL concurrency tests."""
    import threading

    from django.db import close_old_connections, connection

    barrier = threading.Barrier(threads)
    results: list[str] = []
    lock = threading.Lock()

    def worker(n):
        try:
            barrier.wait()
            action(n)
            result = "ok"
        except tuple(outcomes) as exc:
            result = next(label for kind, label in outcomes.items() if isinstance(exc, kind))
        except Exception as exc:
            result = repr(exc)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(result)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return results
