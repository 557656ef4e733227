#!/usr/bin/env bash
# Builds the task's SQLite database in the copy of repo/ (a binary file this repository does not keep).
set -euo pipefail
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("data/app.db")
db.execute("create table users (id integer primary key, email text not null, created text, last_login text)")
db.execute("create table sessions (id integer primary key, user_id integer, started text)")
rows = [("ana@example.com", "2024-01-02", "2024-05-01"), ("ben@example.com", "2024-01-05", None),
        ("cho@example.com", "2024-02-11", "2024-05-20"), ("dev@example.com", "2024-02-14", None),
        ("eli@example.com", "2024-03-01", "2024-03-02"), ("fay@example.com", "2024-03-09", None),
        ("gus@example.com", "2024-04-17", "2024-06-01"), ("hal@example.com", "2024-05-02", "2024-05-03")]
db.executemany("insert into users (email, created, last_login) values (?, ?, ?)", rows)
db.executemany("insert into sessions (user_id, started) values (?, ?)", [(1, "2024-05-01"), (3, "2024-05-20")])
db.commit()
PY
