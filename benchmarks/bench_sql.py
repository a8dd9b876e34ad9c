"""Counting SQL on a benchmark server (bench_settings with BENCH_SQL_TELLEN=1).

The outermost middleware: every statement of the request, the other middleware's
included (session, user, logboek), on every database connection, in two headers:
X-SQL-Statements (how many) and X-SQL-Ms (how long they ran, in milliseconds).
"""

import contextlib
import time

from django.db import connections


def sql_tellen(get_response):
    def middleware(request):
        telling = {"aantal": 0, "seconden": 0.0}

        def tel(execute, sql, params, many, context):
            begin = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                telling["aantal"] += 1
                telling["seconden"] += time.perf_counter() - begin

        with contextlib.ExitStack() as stapel:
            for verbinding in connections.all():
                stapel.enter_context(verbinding.execute_wrapper(tel))
            response = get_response(request)
        response["X-SQL-Statements"] = str(telling["aantal"])
        response["X-SQL-Ms"] = f"{telling['seconden'] * 1000:.1f}"
        return response

    return middleware
