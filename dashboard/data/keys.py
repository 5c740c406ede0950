"""Encryption key rotation: a new first key, and every stored free text re-encrypted under it."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import column, select, table, update

from dashboard import settings
from dashboard.data.database import Database
from models import crypto

# Encrypted columns, read and written raw here so values are rotated without being decrypted
# into Python objects the ORM would keep.
ENCRYPTED_COLUMNS = (("check_ins", "reflection"), ("therapy_sessions", "notes"))


def add_key(path: Path) -> None:
    """Put a fresh key first in the secrets file; older keys stay for decryption."""
    import tomllib

    text = path.read_text(encoding="utf-8")
    stored = tomllib.loads(text)
    keys = [Fernet.generate_key().decode(), *stored.get("encryption_keys", [])]
    lines = [line for line in text.splitlines() if not line.startswith("encryption_keys")]
    lines.append("encryption_keys = [" + ", ".join(f'"{k}"' for k in keys) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings.forget_encryption_keys()


def drop_old_keys(path: Path) -> None:
    """Keep only the first (newest) key; run after every row was rotated."""
    import tomllib

    text = path.read_text(encoding="utf-8")
    keys = tomllib.loads(text).get("encryption_keys", [])[:1]
    lines = [line for line in text.splitlines() if not line.startswith("encryption_keys")]
    lines.append("encryption_keys = [" + ", ".join(f'"{k}"' for k in keys) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings.forget_encryption_keys()


def rotate_all(db: Database, *, batch: int = 2000) -> int:
    """Re-encrypt every stored free text under the first key; returns how many were rotated."""
    rotated = 0
    for table_name, column_name in ENCRYPTED_COLUMNS:
        rows_table = table(table_name, column("id"), column(column_name))
        last_id = 0
        while True:
            with db.write() as session:
                rows = session.execute(
                    select(rows_table.c.id, rows_table.c[column_name])
                    .where(rows_table.c.id > last_id, rows_table.c[column_name] != "")
                    .order_by(rows_table.c.id).limit(batch)
                ).all()
                for row_id, stored in rows:
                    session.execute(
                        update(rows_table).where(rows_table.c.id == row_id)
                        .values({column_name: crypto.rotate(stored)})
                    )
                rotated += len(rows)
            if len(rows) < batch:
                break
            last_id = rows[-1][0]
    return rotated


def rotate_keys(db: Database, *, drop_old: bool = False) -> int:
    """Add a new key, re-encrypt everything under it and, if asked, forget the old keys."""
    path = settings.load_settings().secrets_path
    add_key(path)
    count = rotate_all(db)
    if drop_old:
        drop_old_keys(path)
    return count
