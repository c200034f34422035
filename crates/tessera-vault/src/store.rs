//! The SQLite store: the one entry point that opens `vault.db`, applies pragmas and runs the
//! append-only migrations.
//!
//! Plaintext columns hold only what Tessera's code defines (kinds, versions, ids, the vault id
//! and the header hash); everything else, settings included, goes into sealed blobs.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, VaultError};

/// Append-only: a released migration is never edited, a new one is added at the end. The
/// database's `user_version` is the number of migrations applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: vault metadata, settings, sealed entries.
    "CREATE TABLE vault_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        vault_id BLOB NOT NULL CHECK (length(vault_id) = 16),
        key_check BLOB NOT NULL
    ) STRICT;
    CREATE TABLE setting (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        body BLOB NOT NULL
    ) STRICT;
    CREATE INDEX entry_by_kind ON entry (kind);",
    // 2: whole-vault integrity. The sealed identity seed (stable across data-key rotation),
    // the sealed integrity state, and the hash of the header the database is sealed for.
    // Settings move into sealed entries when the vault is next unlocked (that needs the key),
    // which also drops the plaintext `setting` table.
    "ALTER TABLE vault_meta ADD COLUMN identity_seed BLOB;
    ALTER TABLE vault_meta ADD COLUMN integrity BLOB;
    ALTER TABLE vault_meta ADD COLUMN header_hash BLOB;",
];

pub fn schema_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Opens (creating when `create` is set) the database with Tessera's pragmas and brings its
/// schema up to date.
pub fn open_database(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(VaultError::CorruptVault(tessera_text::text!(
            "error-vault-corrupt-missing-restore",
            path = path.display().to_string()
        )));
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| not_a_vault(path, e))?;
    apply_pragmas(&conn).map_err(|e| not_a_vault(path, e))?;
    // Every statement the vault runs, parsed once per connection (about 20 in all).
    conn.set_prepared_statement_cache_capacity(64);
    migrate(&mut conn)?;
    Ok(conn)
}

fn not_a_vault(path: &Path, e: rusqlite::Error) -> VaultError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-not-a-database",
                path = path.display().to_string()
            ))
        }
        _ => VaultError::Database(e),
    }
}

fn apply_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    // Temp tables and sort spills stay in memory, so no plaintext reaches a temp file;
    // secure_delete overwrites freed pages.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 2000;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = schema_version();
    if current > known {
        return Err(VaultError::UnsupportedFormat(tessera_text::text!(
            "error-vault-unsupported-schema",
            version = current.to_string(),
            known = known.to_string(),
        )));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| match e.sqlite_error_code() {
                // A plain SQL error here means the tables are not those of version `current`
                // (e.g. `user_version` was lowered by hand): the schema was edited.
                Some(rusqlite::ErrorCode::Unknown) => VaultError::Tampered(tessera_text::text!(
                    "error-vault-tampered-schema",
                    version = current.to_string()
                )),
                _ => VaultError::from(e),
            })?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_pragmas_hold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let conn = open_database(&path, true).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema_version());
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        drop(conn);
        // Reopening runs nothing twice (a second CREATE TABLE would fail).
        open_database(&path, false).unwrap();
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let conn = open_database(&path, true).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = open_database(&path, false).unwrap_err();
        assert_eq!(err.code().as_str(), "unsupported_format");
    }

    #[test]
    fn a_lowered_schema_version_is_tampering_not_a_database_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let conn = open_database(&path, true).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let err = open_database(&path, false).unwrap_err();
        assert_eq!(err.code().as_str(), "vault_tampered", "{err}");
    }

    #[test]
    fn garbage_file_is_a_corrupt_vault() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let err = open_database(&path, false).unwrap_err();
        assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");
    }
}
