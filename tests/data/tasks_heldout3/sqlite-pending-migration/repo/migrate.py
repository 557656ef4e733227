"""Minimal SQL migration runner.

usage: python3 migrate.py up        apply every pending migration
       python3 migrate.py status    list applied and pending migrations (read-only)
"""
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.environ.get("APP_DB", os.path.join(HERE, "app.db"))
MIGRATIONS = os.path.join(HERE, "migrations")


def connect():
    db = sqlite3.connect(DB)
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT)")
    return db


def available():
    return sorted(f[:-4] for f in os.listdir(MIGRATIONS) if f.endswith(".sql"))


def applied(db):
    return {row[0] for row in db.execute("SELECT version FROM schema_migrations")}


def status():
    db = connect()
    done = applied(db)
    for name in available():
        print(f"{'applied' if name in done else 'PENDING'}  {name}")


def up():
    db = connect()
    done = applied(db)
    for name in available():
        if name in done:
            continue
        with open(os.path.join(MIGRATIONS, name + ".sql")) as f:
            db.executescript(f.read())
        db.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
        db.commit()
        print(f"applied {name}")


if __name__ == "__main__":
    {"up": up, "status": status}[sys.argv[1] if len(sys.argv) > 1 else "status"]()
