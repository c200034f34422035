## Setup: the first run, creating the vault or restoring one from a backup
## (ui/src/screens/Setup.svelte, ui/src/screens/RestoreBackup.svelte).

# Heading of the first-run screen.
setup-title = Create your vault
setup-intro = Tessera keeps your personal data encrypted on this computer. Choose a passphrase to lock it.
# Label of the new passphrase's field.
setup-passphrase-label = Passphrase
# Label of the field where the passphrase is typed a second time.
setup-confirm-label = Type it again
setup-mismatch = The two passphrases differ.
# In bold, at the start of the notice; setup-no-recovery follows it.
setup-no-recovery-title = There is no recovery.
setup-no-recovery = Nobody, including Tessera, can open your vault without this passphrase. If you lose it, your data is gone. Write it down somewhere safe.
# A checkbox the person ticks before the vault can be created.
setup-understood = I understand that a lost passphrase cannot be recovered
# The create button while the vault is being created.
setup-creating = Creating vault…
# The create button.
setup-create = Create vault
# The vault folder's path follows (in code type), then setup-stored-in-after.
setup-stored-in = The vault will be stored in
# After the vault folder's path: the end of the sentence that setup-stored-in begins.
setup-stored-in-after = { "." }
# A button, setup-restore-choose, follows this question.
setup-restore-offer = Moving to this computer, or starting again after a lost disk?
# Button: opens the system's file chooser to pick a backup.
setup-restore-choose = Restore from a backup…

# Heading of the restore screen.
restore-title = Restore from a backup
# The backup file's name follows (in code type), then restore-intro-after.
restore-intro = Restoring
# After the backup file's name: the rest of the sentence that restore-intro begins.
restore-intro-after = makes it this computer's vault. The file is checked whole first; nothing is restored from a damaged or foreign file.
# Label of the passphrase field, for a backup written with a passphrase of its own.
restore-own-passphrase-label = The backup's own passphrase
# Label of the vault passphrase's field: the passphrase the vault had when the backup was made.
restore-vault-passphrase-label = Vault passphrase (of the day of the backup)
# $message is Rust's sentence saying the passphrase is wrong (without a final full stop).
restore-wrong-both = { $message }. Check both passphrases: the backup's own, and the vault's of the day of the backup.
# $message is Rust's sentence saying the passphrase is wrong (without a final full stop).
restore-wrong-vault = { $message }. It is the vault's passphrase of the day the backup was made.
# $message is Rust's sentence saying the backup file is damaged (without a final full stop).
restore-damaged = { $message }. Nothing was restored; try another copy of the backup.
# Heading of the dialog shown when this computer saw newer changes than the backup holds; Rust's
# explanation follows it.
restore-older-title = This backup is older than this computer's vault
restore-older-explain = Restore it only if the newer vault is lost or damaged. What happened after the backup was made is not in it, and the Activity history will record that you accepted it.
# Button: restore the older backup anyway.
restore-anyway = Restore anyway
# Button: do not restore the older backup (back to creating a vault).
restore-cancel = Don't restore it
# The restore button while the backup is checked and restored.
restore-busy = Checking and restoring…
# The restore button.
restore-submit = Restore
# Button: opens the file chooser again.
restore-other = Choose another file…
# Button: back to the screen that creates a new vault.
restore-back = Create a new vault instead
