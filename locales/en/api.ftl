## What Tessera's core says to the person through both faces (crates/tessera-api): refusals
## with what to do, reminders, the reply drafts sent to a brand, the erasure letter. $path and
## $source name a file as the system spells it (or api-source-link); $reason is the system's or
## a library's own words.

# Files and folders.
api-cannot-read = cannot read { $source }: { $reason }
api-cannot-write = cannot write { $path }: { $reason }
api-not-a-file = { $path } is not a file
api-not-a-folder = { $path } is not a folder
api-not-text = { $source } is not text
# How a document that came as a link is named where a file would be named by its name.
api-source-link = a tessera: link
# $limit is a number of bytes.
api-profile-file-too-large = { $name } is larger than { $limit } bytes, the limit for a profile file
api-token-too-large = { $source } is over 64 KiB; it was refused before parsing
api-ledger-export-too-large = { $source } is over { $limit } bytes, larger than any ledger export
api-no-home-folder = cannot find a home folder for the vault; pass --vault DIR or set TESSERA_HOME

# Values a person (or a script) typed. $text, $category and $sensitivity are what was typed, in
# quotes; $codes the accepted codes, joined with ", ".
api-not-a-date = { $text } is not a date; use YYYY-MM-DD
api-unknown-special-category = unknown special category { $category }
api-unknown-category = unknown category { $category }; use one of: { $codes }
api-unknown-sensitivity = unknown sensitivity { $sensitivity }; use standard or one of: { $codes }
api-import-nothing-staged = no file is waiting to be imported: choose or paste one first

# The session.
api-vault-already-open = a vault is already open; lock it first
# $min is a number of minutes, $max of hours, $seconds what was asked.
api-auto-lock-range = auto-lock must be between { $min } minute and { $max } hours (got { $seconds } seconds)
api-internal-error-locked = an internal error stopped this action; the vault is locked for safety
# $count is how many documents may wait.
api-inbox-full = { $count } documents already wait for the vault to be unlocked; unlock it, then open this one again

# Backups. $max and $keep are numbers of backups.
api-auto-backup-keep = keep between 1 and { $max } backups (got { $keep })
api-auto-backup-folder-unusable = cannot use { $path } for backups: { $reason }
api-auto-backup-inside-vault = choose a folder outside the vault folder: a backup beside the vault is lost with it
# Inserted into error-vault-backup-damaged. $problem is one of the error-ledger-* messages.
api-backup-ledger-broken = its activity ledger: { $problem }
api-restore-vault-open = a vault is open here: restore into a new or empty vault folder
# $seen and $backup are change numbers.
api-restore-older-than-seen = this computer has seen this vault at change { $seen }, newer than the backup (change { $backup }): nothing was restored. If the vault is still here, open it instead; if it is lost or damaged, restore again and accept the older copy
api-restore-vault-exists = a vault already exists in { $path }: a backup is restored only into a new or empty vault folder
api-restore-nothing-chosen = no backup is chosen: choose the backup file first
api-restore-no-own-passphrase = this backup is under the vault's passphrase alone: give only that one

# Grants, the ledger and replies. $id is a grant's id, $seq a ledger entry's number.
api-grant-not-revoked = grant { $id } is not revoked
api-no-ledger-entry = no ledger entry { $seq }
# $seq: the mark the face passed back.
api-ledger-page-unknown = no page of the ledger starts at { $seq } in this session: go back to the newest entries
api-ledger-entry-no-brand = this ledger entry names no brand
api-stored-request-unreadable = a stored request cannot be read
api-reply-request-gone = the request grant { $id } answers is no longer in the vault
# How the brand asked for the answer, in the review: $method is its code (file, email, url),
# $to the address.
api-reply-method-to = { $method } to { $to }
# $to is the address the brand gave, in quotes.
api-reply-not-email = the brand asked for the answer at { $to }, which is not an email address: save the file and send it another way
api-reply-not-web = the brand asked for the answer at { $to }, which is not a web address: save the file and send it another way
api-reply-not-https = the brand asked for the answer at { $to }, which is not an https address: save the file and send it another way
# The email draft to a brand, in the person's words. $request is the request's id.
api-reply-subject-grant = My grant for your request { $request }
api-reply-subject-revocation = My revocation for your request { $request }
api-reply-intro-grant = Here is my grant for your request { $request } (signed by Tessera; verify it with my key).
api-reply-intro-revocation = Here is my revocation for your request { $request } (signed by Tessera; verify it with my key).
api-reply-attached-grant = The grant is attached as a file.
api-reply-attached-revocation = The revocation is attached as a file.
# $bytes and $max are numbers of bytes.
api-qr-too-long = it is { $bytes } bytes, more than one QR code holds ({ $max }): save it or send it instead

# The erasure letter (GDPR Art. 17) to a brand, in the person's words. $name is the brand's
# name; $fields its fields joined with ", " (or api-erasure-letter-all-fields); $grants the
# grants' ids (or api-erasure-letter-no-grants); $entry, $event and $at the ledger entry's
# number, event code and time.
api-erasure-letter-subject = Request for erasure of my personal data (GDPR Art. 17) - { $name }
api-erasure-letter =
    Dear { $name } data protection team,

    Under Article 17 of the General Data Protection Regulation I ask you to erase, without undue delay, all personal data about me that you received through Tessera, and any data derived from it, and to confirm the erasure in writing.

    Fields concerned: { $fields }
    Grants concerned: { $grants }
    Recorded in my activity ledger as entry { $entry } ({ $event }) on { $at }.

    Please also tell any recipient to whom the data was disclosed (Article 19).

    Kind regards
api-erasure-letter-all-fields = all
api-erasure-letter-no-grants = none recorded

# Reminders, shown as desktop notifications. $brand is a brand's name, $date a day (2027-01-31),
# $fields the fields in words joined with ", ", $field one field in words.
api-reminder-days = reminders come at most { $max } days ahead (got { $days }); 0 turns them off
api-reminder-grant-title = Your grant to { $brand } ends on { $date }
api-reminder-grant-body = It gave { $fields }. Renew it when { $brand } asks again, or let it end: see Grants.
api-reminder-rule-title = Your rule for { $brand } ends on { $date }
api-reminder-rule-body = { $brand } may see { $field } until then; change it under Brands.
api-reminder-request-title = { $brand }'s request expires on { $date } unanswered
api-reminder-request-body = Review it under Requests, or let it expire: nothing is sent either way.

# The brand kit's files. $limit is a number of bytes.
api-brand-key-too-large = { $source } is larger than { $limit } bytes: it is not a brand key
api-request-spec-too-large = { $source } is larger than { $limit } bytes: it is not a request spec
api-brand-key-not-text = { $source } is not text: it is not a brand key
api-request-spec-not-text = { $source } is not text: it is not a request spec
api-brand-key-exists = { $path } exists; refusing to overwrite a key

# The first run's demo.
api-demo-spec-broken = the demo request's spec: { $reason }
api-demo-no-grant-waiting = the demo has no grant waiting for its receipt: approve the demo request first
api-demo-grant-missing = the demo grant went missing
api-demo-nothing-to-remove = there is no demo to remove

# The native dialogs' titles and file filters (desktop.rs).
desktop-dialog-request = Import a brand's request
desktop-dialog-profile-file = Import a vCard or JSContact file
desktop-dialog-backup = Restore from a backup
desktop-dialog-auto-backup-folder = Folder for automatic backups
desktop-filter-request = Tessera request
desktop-filter-contact-card = Contact card
desktop-filter-backup = Tessera backup
desktop-filter-all-files = All files

# What the app prints on its standard error when the desktop does not cooperate (src-tauri).
# $reason is the system's own words.
desktop-lock-signals-unavailable = { $reason }: sleep and screen lock will not lock the vault; the idle lock still does
desktop-lock-signals-no-session = no login session found: a screen lock will not lock the vault
desktop-lock-signals-lost = { $reason }: sleep and screen lock no longer lock the vault
desktop-menu-choice-lost = a menu choice did not reach the window: { $reason }
desktop-window-state-not-saved = the window's size and place were not saved: { $reason }
desktop-reminder-not-shown = a reminder was not shown: { $reason }
# $reason is one of the api-* or error-* messages.
desktop-auto-backup-not-written = the automatic backup was not written: { $reason }

# How the app names what was pasted, where a file would be named by its name (in a refusal; in
# the import preview and the values' provenance: "imported from pasted card").
desktop-source-pasted-text = the pasted text
desktop-source-pasted-card = pasted card

# `tessera-app --help` (the options it shares with `tessera` use the cli-help-* messages).
desktop-help-about = Tessera desktop app
desktop-help-auto-lock-seconds = Lock after this many idle seconds, overriding the setting (for kiosks and tests)
desktop-help-state-dir = Where this computer keeps its record of each vault's newest state, which catches an older copy put back (default: $TESSERA_STATE_DIR, else the platform state folder)
desktop-help-open = Requests and receipts to open: files (.tessera-request, .tessera-receipt) or tessera: links, as the desktop passes them; a running app is handed them instead

## When brands should have deleted what they received (crates/tessera-api/src/retention.rs):
## the reasons shown beside each field, and the calendar file's events. $brand is the brand's
## name, $fields fields' names joined with ", ", $field one field's name.
# $days a number of days; $purpose the purpose in the brand's words ("Deliver your orders").
api-deletion-because-retention = { $brand } said it keeps it { $days ->
        [one] one day
       *[other] { $days } days
    } for “{ $purpose }”
api-deletion-because-grant-ends = your grant ends
api-deletion-because-revoked = you revoked the grant and asked for erasure, which the brand has one month to carry out
# $days: the days the grant's terms give the brand to delete.
api-deletion-because-grant-ends-within = your grant ends, and its terms give the brand { $days ->
        [one] one day
       *[other] { $days } days
    } to delete what it received
api-deletion-because-revoked-within = you revoked the grant and asked for erasure, which its terms give the brand { $days ->
        [one] one day
       *[other] { $days } days
    } to carry out
api-deletion-calendar-name = Tessera: when brands should delete your data
api-deletion-summary = { $brand } should have deleted your { $fields }
# One line of the event's description per field; $reason is one of the api-deletion-because-* messages.
api-deletion-field-reason = { $field }: { $reason }
# $reasons: the api-deletion-field-reason lines, one per line.
api-deletion-description =
    By this date { $brand } should have deleted what it received from you:
    { $reasons }
    If it has not, send it the erasure letter from Tessera (Home, "Should be gone by now").

## Tracing an alias (crates/tessera-api/src/aliases.rs).
api-trace-no-address = No email address found: paste an address, or the header of a message (its To: and Delivered-To: lines are read).
api-trace-too-large = What you pasted is larger than 64 KiB: paste an address, or only the message's header.
api-trace-no-pattern = You have no email alias pattern, so no brand was given an alias: set one in your profile (field email_alias_pattern, e.g. me+{"{"}brand{"}"}@example.com).
