"""Apply migrations/*.sql to data/shop.db in order, recording each in schema_migrations.

usage: python3 migrate.py up       apply every pending migration
       python3 migrate.py status   list applied and pending migrations
"""
import sqlite3
import sys
from pathlib import Path

DB = Path(__file__).parent / "data" / "shop.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def connect():
    db = sqlite3.connect(DB)
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)")
    return db


def applied(db):
    return {row[0] for row in db.execute("SELECT name FROM schema_migrations")}


def up():
    db = connect()
    done = applied(db)
    for path in sorted(MIGRATIONS.glob("*.sql")):
        if path.stem in done:
            continue
        try:
            db.executescript(path.read_text())
        except sqlite3.Error as error:
            print(f"FAILED {path.stem}: {error}")
            return 1
        db.execute("INSERT INTO schema_migrations VALUES (?)", (path.stem,))
        db.commit()
        print(f"applied {path.stem}")
    print("up to date")
    return 0


def status():
    db = connect()
    done = applied(db)
    for path in sorted(MIGRATIONS.glob("*.sql")):
        print(f"{'applied' if path.stem in done else 'PENDING'}  {path.stem}")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("up", "status"):
        print(__doc__.strip())
        sys.exit(2)
    sys.exit(up() if command == "up" else status())
