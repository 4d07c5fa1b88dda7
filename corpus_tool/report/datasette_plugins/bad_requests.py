"""A request Datasette cannot use answers 400 Bad Request with the reason, never 500.

Datasette 0.65 answers some requests whose parameters it cannot use with an internal server error:
a sort by a column the table lacks (``?_sort=nope``, ``?_sort_desc=nope``) or by ``rowid`` on a view,
a ``_next`` token that is not one (``?_next=garbage``), a ``_timelimit`` that is not a number, a
``_through`` without its keys, a row address with fewer values than the table's key.  The request
is at fault, not the server (the database is served read-only, and each page answers without those
parameters): this plugin turns what Datasette raises on them into a 400 answer saying why, as JSON
for a ``.json`` address, as Datasette's own error page otherwise.  Other errors are left to Datasette.
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette.views.base import DatasetteError

# What Datasette raises, uncaught, on a parameter or an address it cannot use.
REQUEST_FAULTS = (ValueError, KeyError, TypeError, sqlite3.ProgrammingError, DatasetteError)


def status_of(exception: BaseException) -> int | None:
    """The client error to answer ``exception`` with, or None to leave it to Datasette."""
    if isinstance(exception, DatasetteError):  # the 4xx Datasette gives itself stays (and its traceback unprinted)
        status = getattr(exception, "status", 500)
        return status if 400 <= status < 500 else 400
    return 400 if isinstance(exception, REQUEST_FAULTS) else None


@hookimpl
def handle_exception(datasette, request, exception):
    status = status_of(exception)
    if status is None:
        return None
    reason = str(exception) if not isinstance(exception, KeyError) else f"missing key {exception}"
    message = reason if status != 400 else f"Bad request: {reason}"
    context = {"ok": False, "error": message, "status": status, "title": "Bad request" if status == 400 else None}

    async def answer():
        if request.path.endswith(".json"):
            return Response.json(context, status=status)
        # rendered as Datasette renders its own error page (not render_template, whose plugins read the
        # request's parameters again: a _size that is not a number failed there a second time)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        page = await template.render_async(dict(context, urls=datasette.urls, app_css_hash=datasette.app_css_hash(),
                                                menu_links=lambda: []))
        return Response.html(page, status=status)

    return answer
