## Unlock: the lock screen, and the app's first moment (ui/src/screens/Unlock.svelte, ui/src/App.svelte).

# Shown while the app asks Rust whether a vault exists and is unlocked.
app-opening = Opening Tessera…

# Heading of the lock screen.
unlock-title = Unlock Tessera
# Label of the passphrase field.
unlock-passphrase-label = Passphrase
# Requests and receipts the desktop handed over (files, links) while the vault was locked.
unlock-inbox-waiting =
    { $count ->
        [one] A request or receipt is waiting: unlock to open it.
       *[other] { $count } requests or receipts are waiting: unlock to open them.
    }
# Something handed over could not be opened. $source is what it was, as Rust names it ("a tessera: link",
# or the file's name); $reason is why, a sentence from Rust.
unlock-inbox-refused = { $source } was not opened: { $reason }
unlock-wrong-passphrase = Wrong passphrase. Check Caps Lock and your keyboard layout, then try again.
# "the tessera command": the command-line program, whose name is not translated.
unlock-vault-in-use = The vault is open in another Tessera window or in the tessera command. Close it, then try again.
# After the person chose "Don't open it" on an older copy of the vault.
unlock-not-opened = The vault was not opened. Put the newest copy of the vault folder back, then unlock again.
# Heading of the dialog shown when the vault is older than the one this computer last opened; Rust's
# explanation follows it.
unlock-rollback-title = This is an older copy of your vault
unlock-rollback-explain = Open it only if you put this copy back on purpose, for example from a backup. What happened after it was made (grants, revocations, changes) is not in it, and the Activity history will record that you accepted it.
# Button: open the older copy anyway.
unlock-accept-restore = Open this older copy
# Button: leave the older copy shut.
unlock-keep-newest = Don't open it
# The unlock button while the vault is being opened.
unlock-busy = Unlocking…
# The unlock button.
unlock-submit = Unlock
