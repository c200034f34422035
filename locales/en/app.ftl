## The app's frame: the sections, the keyboard shortcuts and the menu bar
## (ui/src/lib/shortcuts.json names these ids; the sidebar, the `?` cheat sheet and the menu
## bar, src-tauri/src/menu.rs, show them).

app-name = Tessera
# The "About" dialog's one line on what Tessera is.
app-about = Your personal data, in your own encrypted vault

section-home = Home
section-profile = Profile
section-brands = Brands
section-requests = Requests
section-grants = Grants
section-activity = Activity
section-settings = Settings

shortcut-lock = Lock the vault
shortcut-import = Import a brand's request from a file
shortcut-approve = Approve the request shown, with the fields chosen
shortcut-deny = Refuse the request shown
shortcut-search = Search on this screen
shortcut-help = Show these shortcuts

# Menu bar headings and the entries the platform provides.
menu-file = File
menu-go = Go
menu-help = Help
menu-quit = Quit
menu-about = About Tessera
# The shortcut Alt+1..7 (in the cheat sheet): $section is a section's name above.
shortcut-go = Go to { $section }
