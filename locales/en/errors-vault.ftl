## The vault's errors (crates/tessera-vault): what the app's error banner and the `tessera`
## command print when the vault, a backup or a passphrase is refused. $path is a file or folder
## as the system spells it. A "reason" message is inserted where another message says so.

# The errors themselves (error.rs).
error-vault-wrong-passphrase = wrong passphrase, or the vault header has been damaged
error-vault-locked = the vault is locked: unlock it first
error-vault-in-use = the vault at { $path } is in use by another Tessera process (the app or the CLI); close it and try again
error-vault-not-found = no vault at { $path }
error-vault-exists = a vault already exists at { $path }
# $reason is one of the error-vault-corrupt-* reasons below.
error-vault-corrupt = the vault is damaged: { $reason }
# $record names a record of vault.db in the vault's own notation (entry#12 (profile.body v3)).
error-vault-corrupt-record = record { $record } failed its integrity check; it may have been tampered with
# $reason is one of the error-vault-tampered-* reasons below.
error-vault-tampered = the vault's contents do not match its own integrity record: { $reason }. Tessera will not use data it cannot trust; restore the vault folder from a backup
# $first..$last are the changes (numbers) the copy lacks.
error-vault-rolled-back = this vault is older than the one this computer last opened: changes { $first }..{ $last } are missing (an older copy of the vault folder or of vault.db was put back). Restore the newest copy, or, if you put this copy back on purpose, accept the restore
# $generation is a change number.
error-vault-diverged = this vault is not the one this computer last opened at change { $generation }: another copy of it was put in its place. Restore the newest copy, or, if you put this copy back on purpose, accept the restore
error-vault-anchor-damaged = this computer's record of the vault ({ $path }) is damaged, so an older copy of the vault could not be recognised. If nothing else is wrong, accept the vault as it is to replace the record
# $what is one of the error-vault-unsupported-* descriptions below.
error-vault-unsupported-format = this vault uses { $what }, which this version of Tessera does not support; upgrade Tessera
error-vault-unsupported-backup = this backup uses { $what }, which this version of Tessera does not support; upgrade Tessera
# $reason is one of the error-vault-backup-* reasons below (or a library's own words).
error-vault-backup-damaged = this backup cannot be used: { $reason }. Nothing was restored; try another backup
# $reason is one of the error-vault-kdf-* reasons below.
error-vault-kdf-rejected = key-derivation parameters refused: { $reason }
# $reason is error-vault-passphrase-too-short, or advice from the strength estimate.
error-vault-weak-passphrase = passphrase too weak: { $reason }
error-vault-invalid-input = invalid input: { $reason }
# $source is the system's own words for what went wrong (in the system's language).
error-vault-cannot-read = cannot read { $path }: { $source }
error-vault-cannot-create = cannot create { $path }: { $source }
error-vault-cannot-create-folder-in = cannot create a folder in { $path }: { $source }
error-vault-cannot-write = cannot write { $path }: { $source }
error-vault-cannot-write-in = cannot write in { $path }: { $source }
error-vault-cannot-replace = cannot replace { $path }: { $source }
error-vault-cannot-move-restored = cannot move the restored vault to { $path }: { $source }
error-vault-cannot-remove = cannot remove { $path }: { $source }
error-vault-cannot-restrict = cannot restrict { $path }: { $source }
error-vault-cannot-open = cannot open { $path }: { $source }
error-vault-cannot-lock = cannot lock { $path }: { $source }
error-vault-cannot-sync = cannot sync { $path }: { $source }
# $reason is SQLite's own words.
error-vault-database = database error: { $reason }
error-vault-disk-full = the disk holding { $path } is full: free some space on it and try again
error-vault-read-only = { $path } is on a read-only disk or in a read-only folder: make it writable, or choose another place, and try again
error-vault-random = the system random number generator failed

# Reasons inserted into error-vault-corrupt.
error-vault-corrupt-missing-restore = { $path } is missing; restore it from a backup
error-vault-corrupt-missing = { $path } is missing
error-vault-corrupt-not-a-database = { $path } is not a readable database
error-vault-corrupt-not-a-header = vault.header is not a Tessera vault header
# $length and $expected are numbers of bytes.
error-vault-corrupt-header-length = vault.header is { $length } bytes long, expected { $expected }
error-vault-corrupt-integrity-malformed = the vault's integrity record is malformed
error-vault-corrupt-interrupted-setup = { $path } exists without vault.header: an earlier setup was interrupted or the header was lost. Restore vault.header from a backup, or move the folder aside to start over
# $verdict is SQLite's own words.
error-vault-corrupt-sqlite-check = SQLite's integrity check of vault.db failed ({ $verdict })
error-vault-corrupt-no-metadata = vault.db has no vault metadata (truncated or replaced?); restore it from a backup
error-vault-corrupt-mismatched-files = vault.db and vault.header belong to different vaults (or vault.header was replaced by a copy from before a passphrase change); restore the two together from a backup

# Reasons inserted into error-vault-tampered.
error-vault-tampered-column = a column of vault.db holds a value Tessera never writes there
error-vault-tampered-missing-integrity = the vault's integrity record or identity seed is missing
# $id is an entry's number.
error-vault-tampered-impossible-version = entry #{ $id } has an impossible version
# $id is an entry's number, $kind a code-defined kind of entry.
error-vault-tampered-moved = entry #{ $id } is no longer of kind '{ $kind }'
# $found and $expected are numbers of entries; $kind is the kind's code (profile, ledger).
error-vault-tampered-count = { $found } '{ $kind }' entries are present where the vault recorded { $expected } (entries were deleted, duplicated or put back from an older copy)
error-vault-tampered-replaced = the '{ $kind }' entries are not the ones the vault recorded (an entry was replaced by an older version of itself or by another)
error-vault-tampered-kind = an entry of vault.db has a kind Tessera never writes
# $version is a number.
error-vault-tampered-schema = vault.db says it is at schema version { $version } but its tables are not

# What a vault or backup uses that this Tessera does not support, inserted into
# error-vault-unsupported-format or -backup. $version and $known are numbers; $where names a record.
error-vault-unsupported-envelope = envelope version { $version } in { $where }
error-vault-unsupported-record-cipher = cipher id { $id } in { $where }
error-vault-unsupported-header = header format version { $version }
error-vault-unsupported-kdf = key-derivation algorithm id { $id }
error-vault-unsupported-cipher = cipher id { $id }
error-vault-unsupported-integrity = an integrity record format newer than this Tessera
error-vault-unsupported-schema = database schema version { $version } (this Tessera knows up to { $known })
# $version is what the backup says (one or more words of its key's header); $known a number.
error-vault-unsupported-backup-key = a key of version { $version } (this Tessera reads version { $known })
error-vault-unsupported-backup-format = format version { $version } (this Tessera reads version { $known })

# Reasons inserted into error-vault-backup-damaged.
error-vault-backup-key-length = its key is not the length a Tessera backup key has
error-vault-backup-key = its key
error-vault-backup-key-wrong-vault = its key does not open with the vault's key
error-vault-backup-excessive-work = its passphrase asks for more work than a Tessera backup ever does
error-vault-backup-foreign-age = it is an age file, but not one Tessera wrote
# $reason is the age library's own words.
error-vault-backup-not-a-backup = { $path } is not a Tessera backup, or it is damaged ({ $reason })
# $part is the name of a file inside the backup (manifest.json, vault.header, vault.db).
error-vault-backup-ends-early = it ends before its { $part }
# $name is the name found, in quotes.
error-vault-backup-unexpected-part = it holds { $name } where { $part } belongs
error-vault-backup-manifest-too-large = its manifest is too large
# $reason is the JSON reader's own words.
error-vault-backup-manifest-not-json = its manifest is not JSON ({ $reason })
error-vault-backup-manifest-foreign = its manifest is not a Tessera backup's
error-vault-backup-manifest-no-version = its manifest has no version
error-vault-backup-manifest-invalid = its manifest ({ $reason })
error-vault-backup-header-mismatch = its vault header does not match its manifest
error-vault-backup-header-not-the-key-s = its vault header is not the one its key was made with
error-vault-backup-database-too-long = its database is longer than its manifest says
error-vault-backup-database-mismatch = its database is not the one its manifest describes
error-vault-backup-extra = it holds more than a vault
# $entries and $listed are numbers of entries, $generation and $listed_generation change numbers.
error-vault-backup-count-mismatch = it holds { $entries } entries at change { $generation }, but its manifest says { $listed } at change { $listed_generation }

# Reasons inserted into error-vault-kdf-rejected. $params and $floor describe parameters in
# their own notation (Argon2id m=64 MiB, t=3, p=1); the others are numbers.
error-vault-kdf-too-weak = { $params } is weaker than the minimum { $floor } (memory, passes, lanes)
error-vault-kdf-too-strong = { $params } exceeds the maximum of { $memory } MiB, { $passes } passes, { $lanes } lanes
error-vault-kdf-lane-memory = { $params } gives less than 8 KiB per lane

# Reasons inserted into error-vault-invalid-input.
# $reason is the age library's own words.
error-vault-cannot-encrypt-backup = cannot encrypt the backup: { $reason }
error-vault-restore-not-empty = { $path } is not empty: restore into a new or empty folder, so that nothing there is replaced
error-vault-passphrase-busy = the passphrase cannot change inside another operation
# $id is an entry's number.
error-vault-no-entry = no entry { $id }
# $kind is a code-defined kind of entry (request, rule...): a mistake in Tessera's code, not the person's.
error-vault-not-indexed = entries of kind { $kind } cannot be looked up by key
error-vault-setting-nul = setting names have no NUL

# Inserted into error-vault-weak-passphrase. $count is a number of characters.
error-vault-passphrase-too-short = use at least { $count } characters (a few unrelated words work well)

# A new passphrase's strength, in words (the webview shows them in passphrase-strength).
vault-strength-very-weak = Very weak
vault-strength-weak = Weak
vault-strength-fair = Fair
vault-strength-strong = Strong
vault-strength-very-strong = Very strong
# How long guessing an empty passphrase takes (the estimate's other times are its own words).
vault-strength-instant = instant
vault-strength-type-one = Type a passphrase: several unrelated words work well.
