## Shell: the frame around the sections once the vault is unlocked (ui/src/screens/Shell.svelte,
## ui/src/screens/When.svelte). The section names and the shortcuts' descriptions are in app.ftl.

# The sidebar's name for assistive technology.
shell-sections-label = Sections
# Button that shows the keyboard shortcuts.
shell-shortcuts-button = Shortcuts
# Tooltip of shell-shortcuts-button; ? is its key.
shell-shortcuts-tooltip = Keyboard shortcuts (?)
# Button that locks the vault.
shell-lock-button = Lock
# Tooltip of shell-lock-button; Ctrl+L is its key.
shell-lock-tooltip = Lock now (Ctrl+L)
# A receipt handed over by the desktop was recorded. $brand is the brand's name, $grant the grant's
# identifier.
shell-receipt-recorded = Receipt from { $brand } recorded on grant { $grant }.
# Something handed over could not be opened. $source is what it was, as Rust names it ("a tessera: link",
# or the file's name); $reason is why, a sentence from Rust.
shell-arrival-refused = { $source } was not opened: { $reason }
# Heading of the shortcuts dialog.
shell-shortcuts-title = Keyboard shortcuts
# Below the list of shortcuts; the key names are those on the keyboard.
shell-shortcuts-hint = Tab and Shift+Tab move between controls; Enter or Space uses the one in focus.
# Button that closes the shortcuts dialog.
shell-shortcuts-close = Close
