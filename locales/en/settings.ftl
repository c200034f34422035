## Settings: auto-lock, the vault's facts, backups now and automatic, the passphrase
## (ui/src/screens/Settings.svelte, ui/src/screens/AutoBackup.svelte, ui/src/screens/BackupNow.svelte).

# Shown after a setting was stored.
settings-saved = Saved.
# Heading.
settings-autolock-title = Auto-lock
# Label of the list of idle times.
settings-autolock-label = Lock the vault after this much idle time
# A choice in the list of idle times, in minutes (short unit).
settings-autolock-minutes = { $minutes } min
# A choice in the list of idle times, in hours (short unit).
settings-autolock-hours = { $hours } h
# The command-line option follows (in code type, not translated), then settings-autolock-overridden-after.
settings-autolock-overridden = This session was started with
# After the command-line option: the rest of the sentence that settings-autolock-overridden begins.
settings-autolock-overridden-after = , which wins until restart.
settings-autolock-asleep = Time the computer spends asleep counts as idle time.
# Heading.
settings-vault-title = Vault
# A term in the list of the vault's facts; the vault folder's path follows.
settings-vault-location = Location
# A term in the list of the vault's facts; settings-vault-format-value follows.
settings-vault-format = Format
# $header and $schema are the version numbers of the vault file's header and its database schema.
settings-vault-format-value = header v{ $header }, schema v{ $schema }
# A term in the list of the vault's facts; settings-vault-kdf-value follows.
settings-vault-kdf = Key derivation
# Argon2id is the method's name (not translated); $memory is in mebibytes, $passes how many passes it makes.
settings-vault-kdf-value =
    Argon2id, { $memory } MiB, { $passes ->
        [one] { $passes } pass
       *[other] { $passes } passes
    }
# A term in the list of the vault's facts; the number of entries follows.
settings-vault-entries = Entries
settings-vault-never-copy = Never copy or sync this folder while Tessera is open: make a backup below instead.
# Heading.
settings-passphrase-title = Change passphrase
# Field label.
settings-passphrase-current = Current passphrase
# Field label; $count is the fewest characters a passphrase may have.
settings-passphrase-next =
    New passphrase (at least { $count ->
        [one] { $count } character
       *[other] { $count } characters
    })
# Field label.
settings-passphrase-again = New passphrase again
settings-passphrase-mismatch = The two new passphrases differ.
settings-passphrase-wrong = The current passphrase is wrong; nothing was changed.
settings-passphrase-changed = Passphrase changed, and everything was re-encrypted under a new key: neither the old passphrase nor an old copy of the vault's header opens it now. Copies and backups of the vault folder made before the change still open with the old passphrase.
# The change button while the passphrase is being changed.
settings-passphrase-changing = Changing…
# The change button.
settings-passphrase-change = Change passphrase

# Heading.
auto-backup-title = Automatic backups
# Syncthing and Nextcloud are names of programs.
auto-backup-explain = Tessera writes an encrypted backup into a folder you choose after your changes (once they have settled), at most once a day, and keeps the newest few. For a copy off this computer, choose a folder that a sync tool you already use carries (Syncthing, Nextcloud, a cloud drive): Tessera itself never sends anything. Never put the vault folder itself under a sync tool: a database synced while it is open is corrupted.
# Automatic backups are on; the chosen folder's path follows (in code type), then auto-backup-on-after.
auto-backup-on = On: into
# After the folder's path. $keep is how many backups are kept there (the newest ones). Then
# auto-backup-last or auto-backup-none-yet follows.
auto-backup-on-after = , keeping the newest { $keep }.
# $when is the date and time of the last backup, written for the person's locale.
auto-backup-last = Last backup { $when }.
auto-backup-none-yet = No backup there yet.
# Automatic backups are off.
auto-backup-off-state = Off.
# $problem is Rust's sentence saying what went wrong.
auto-backup-problem = The last automatic backup failed: { $problem }
# Label of the number field.
auto-backup-keep-label = Backups to keep
# Button, when a folder is already chosen: opens the folder chooser.
auto-backup-choose-another = Choose another folder…
# Button: opens the folder chooser.
auto-backup-choose = Choose a folder…
# Button: stops the automatic backups.
auto-backup-turn-off = Turn off

# Heading.
backup-title = Backup
# “Restore from a backup” names the button on the first-run screen (setup-restore-choose).
backup-explain = One encrypted file holding the whole vault: profile, brands, grants and activity. Keep it off this computer (a USB drive, or a folder that a sync tool you already use carries). To restore it, start Tessera on a computer or folder with no vault and choose “Restore from a backup”.
# A checkbox.
backup-own = With a passphrase of its own (otherwise the vault's passphrase opens it)
# Field label.
backup-passphrase = Backup passphrase
# Field label.
backup-again = Backup passphrase again
backup-mismatch = The two passphrases differ.
backup-own-note = Restoring it asks for both: this one, and the vault's passphrase of the day of the backup.
# $count is how many entries the backup holds; $when the date and time it was made, written for the
# person's locale. The file's path follows (in code type), then backup-result-after or
# backup-result-after-own.
backup-result =
    Backed up { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    } at { $when } to
# After the backup file's path, when the vault's passphrase opens it: the end of the sentence.
backup-result-after = { "." }
# After the backup file's path, when the backup has a passphrase of its own: the end of the sentence.
backup-result-after-own = , under its own passphrase.
# The button while the backup is being written.
backup-busy = Backing up…
# Button: opens the save dialog and writes the backup.
backup-now = Back up now…
# Settings > Your terms (ui/src/screens/MyTerms.svelte).
terms-title = Your terms
terms-intro = What you accept brands doing with what you give them. A request that goes against them is flagged in its review; you still decide.
terms-agreement = Start from
terms-no-sale = No selling of my data
terms-no-sharing = No sharing with third parties
terms-no-profiling = No profiling
terms-no-inference = No inferring new data about me from what I give
terms-no-training = No training of models on my data
terms-retention = Longest a brand may keep my data, in days (empty: any)
terms-erase = Days a brand has to delete my data after I revoke or the grant ends
terms-contact = Limit how brands may contact me
terms-contact-channels = Only by
terms-contact-none = Not at all
terms-quiet-hours = Never between (HH:MM-HH:MM, my time; empty: any time)
# Under the terms form: they are written into every grant, and what follows from that.
terms-in-every-grant = Your terms go in every grant you give. Tessera's defaults are the same for everyone; terms of your own, and above all words only you would write, are the same in each brand's grant and let brands that compare grants link them.
terms-save = Save my terms
terms-saved = Your terms are saved.
