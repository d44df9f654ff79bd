"""Runs the SQL of `abide compile --format sql` in DuckDB over a directory
of data files, and prints the rows of every query as JSON.

    python3 duckdb_run.py QUERIES.sql DATA_DIR

The input tables are built the way docs/evaluate.md describes: CSV files
named samples*/events*|incidents*/surveys*|responses*, timestamps with an
offset, every other column a VARCHAR label. Label columns that the SQL
needs (its `-- abide:columns` line) but no file has are added as NULL.
"""

import json
import os
import sys

import duckdb

STAMPS = ["responded", "resolved", "restored", "answered", "replaced"]
KINDS = {
    "samples": ("samples",),
    "events": ("events", "incidents"),
    "surveys": ("surveys", "responses"),
}


def files_of(data, prefixes):
    out = []
    for root, _, names in os.walk(data):
        for n in sorted(names):
            low = n.lower()
            if low.endswith(".csv") and low.startswith(prefixes):
                out.append(os.path.join(root, n))
    return sorted(out)


def main():
    sql_path, data = sys.argv[1], sys.argv[2]
    sql = open(sql_path, encoding="utf-8").read()
    needed = {}
    for line in sql.splitlines():
        if line.startswith("-- abide:columns"):
            for part in line.split()[2:]:
                table, cols = part.split("=", 1)
                needed[table] = [c for c in cols.split(",") if c]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for table, prefixes in KINDS.items():
        paths = files_of(data, prefixes)
        if paths:
            con.execute(
                f"CREATE TABLE raw_{table} AS SELECT * FROM read_csv(?, header = true, "
                "all_varchar = true, union_by_name = true)",
                [paths],
            )
        else:
            base = {"samples": "timestamp, target, value", "events": "id, opened",
                    "surveys": "timestamp, metric, score"}[table]
            cols = ", ".join(f"{c} VARCHAR" for c in base.split(", "))
            con.execute(f"CREATE TABLE raw_{table} ({cols})")
        have = [r[0] for r in con.execute(f"DESCRIBE raw_{table}").fetchall()]
        select = []
        for c in have:
            q = f'"{c}"'
            if table in ("samples", "surveys") and c == "timestamp":
                select.append(f"CAST({q} AS TIMESTAMPTZ) AS ts")
            elif table == "surveys" and c == "score":
                select.append(f"CAST({q} AS DECIMAL(38, 12)) AS score")
            elif table == "events" and (c == "opened" or c in STAMPS):
                select.append(f"CAST(NULLIF({q}, '') AS TIMESTAMPTZ) AS {q}")
            else:
                select.append(f"NULLIF({q}, '') AS {q}")
        if table == "events":
            for s in STAMPS:
                if s not in have:
                    select.append(f"CAST(NULL AS TIMESTAMPTZ) AS {s}")
        for c in needed.get(table, []):
            if c not in have:
                select.append(f'CAST(NULL AS VARCHAR) AS "{c}"')
        con.execute(f"CREATE TABLE {table} AS SELECT {', '.join(select)} FROM raw_{table}")
    rows = []
    for stmt in sql.split(";\n"):
        body = "\n".join(l for l in stmt.splitlines() if not l.startswith("--")).strip()
        if not body:
            continue
        cur = con.execute(body)
        names = [d[0] for d in cur.description]
        for r in cur.fetchall():
            row = dict(zip(names, r))
            row["window_start"] = str(row["window_start"])
            rows.append(row)
    json.dump(rows, sys.stdout, default=str)


if __name__ == "__main__":
    main()
