from django.db import connection


def dump_database() -> str:
    """Every row of every table (history tables included), as lower-case text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        chunks.append(value.decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks).lower()
