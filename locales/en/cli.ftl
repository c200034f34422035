## What the `tessera` command prints (crates/tessera-cli/src), besides its --help
## (cli-help.ftl) and the core's messages. Flags (--vault), placeholders (FILE), commands in
## backquotes and environment variables are written as the command line spells them. "warning:",
## "note:" and "hint:" start lines a script may look for; keep them as they are.

# The advice printed after an error, on its own line.
cli-hint = hint: { $hint }
cli-hint-vault-not-found = create a vault with `tessera init`, or point to one with --vault DIR
cli-hint-unknown-brand = see `tessera brand list`; add a brand with `tessera brand add ID --name NAME`
cli-hint-key-changed = after checking the new fingerprint with the brand, import again with --trust-new-key
cli-hint-confirmation-required = to confirm, run again with --confirm-sensitive CATEGORY, naming the category above
cli-hint-vault-rolled-back = if you put this copy back on purpose, run the command again with --accept-restore
cli-hint-request-not-found = see `tessera request list` (ids are in `--json`)
cli-hint-grant-not-found = see `tessera grant list`
cli-hint-open-wrong-type = `tessera open` takes what brands send you (requests and receipts); grants and revocations are what you send them
cli-hint-profile-not-found = see `tessera profile list`
cli-hint-invalid-value = see `tessera profile fields` for each field's format; a phone number in national format needs --region CC; a single-valued field takes no --label

# Prompts on the terminal; ": " follows each.
cli-prompt-passphrase = Passphrase
cli-prompt-new-vault-passphrase = New vault passphrase
cli-prompt-current-passphrase = Current passphrase
cli-prompt-new-passphrase = New passphrase
cli-prompt-again = Type it again

# Passphrases. $path is a file, $variable an environment variable's name, $limit a number of bytes.
cli-passphrase-file-unreadable = cannot read passphrase file { $path }: { $reason }
cli-passphrase-file-not-text = passphrase file { $path } is not UTF-8 text: { $reason }
cli-passphrase-file-too-large = passphrase file { $path } is larger than { $limit } bytes; is it the right file?
cli-passphrase-file-empty = passphrase file { $path } is empty
cli-passphrase-env-not-text = { $variable } is not valid UTF-8
cli-passphrase-env-empty = { $variable } is set but empty
cli-passphrase-none = no passphrase given: use --passphrase-file FILE (or --new-passphrase-file for a new one), set { $variable }, or run in a terminal
cli-passphrases-differ = the two passphrases differ; nothing was changed
cli-passphrase-terminal-unreadable = cannot read a passphrase from the terminal: { $reason }
# $time is how long guessing would take (the estimate's words), $advice its advice.
cli-weak-passphrase-warning = warning: this passphrase could be guessed in { $time } by someone who copies your vault. { $advice }

# Standard input and output.
cli-source-stdin = standard input
cli-stdin-unreadable = cannot read standard input: { $reason }
cli-stdin-not-text = standard input is not UTF-8 text
# After "tessera: ".
cli-json-unwritable = internal error: the result could not be written as JSON
cli-output-unwritable = cannot write the output: { $reason }

# init, passwd, backup.
cli-init-calibrating = Measuring this machine to set key-derivation cost (about a second)...
cli-init-created = Created a vault at { $path }. Nobody, including Tessera, can recover a lost passphrase: keep it safe.
cli-passwd-changed = Passphrase changed, and every record was re-encrypted under a new key: neither the old passphrase nor an old copy of vault.header opens this vault now. Copies and backups of the folder made before the change still open with the old passphrase.
cli-backup-no-out = say where to write the backup with --out FILE (or check one with `tessera backup verify FILE`)

# `tessera status`: one line each, the values aligned after the labels (keep the alignment in a
# translation). $header and $schema are format versions; $memory MiB, $passes and $lanes numbers.
cli-status-vault = Vault:        { $path }
cli-status-format = Format:       header v{ $header }, schema v{ $schema }
cli-status-format-in-use = Format:       header v{ $header }, schema v{ $schema } (in use by another Tessera process)
cli-status-key = Key:          Argon2id, { $memory } MiB, { $passes } passes, { $lanes } lane(s)
cli-status-vault-id = Vault id:     { $id }
cli-status-rollback-active = Rollback:     checked (this computer would notice an older copy put back)
cli-status-rollback-no-record = Rollback:     not yet checked on this computer (it has not opened this vault before, so an older copy put back here would not be noticed)
cli-status-rollback-not-kept = Rollback:     not checked (no state folder)
cli-status-passphrase-pending = {"              "}a passphrase change was interrupted; the next unlock completes or undoes it
cli-status-entries = Entries:      { $count }

# Backups. $file and $path name files; $at is a time; $entries a number of entries, $generation a
# change number, $keep a number of backups.
cli-prompt-backup-passphrase = Backup passphrase
cli-prompt-backup-vault-passphrase = Vault passphrase (of the day of the backup)
cli-backup-file = Backup:       { $file }
cli-backup-made = Made:         { $at }
cli-backup-holds = Holds:        { $entries } entries, at change { $generation }
cli-backup-opens-with-own = Opens with:   its own backup passphrase (the vault inside with the vault's passphrase of that day)
cli-backup-opens-with-vault = Opens with:   the vault's passphrase of the day it was made
cli-backup-written = Wrote a backup of the whole vault to { $path }. Keep it somewhere else than this computer (a synced folder, a USB drive); never sync the live vault folder itself.
cli-backup-verified = The backup is whole: every record opens, the activity ledger verifies, and it restores.
cli-restored = Restored the vault into { $path }; the restore is recorded in its activity ledger. It opens with the vault's passphrase of the day of the backup.
cli-auto-backup-on = Automatic backups: into { $folder } after changes, at most once a day, keeping the newest { $keep }.
cli-auto-backup-newest = The newest one there was written at { $at }.
cli-auto-backup-none-yet = None there yet: the next command that unlocks the vault writes one.
cli-auto-backup-off = Automatic backups are off (`tessera backup auto --folder DIR` turns them on).
cli-auto-backup-written = Wrote an automatic backup to { $file }.
# $reason is one of the core's messages.
cli-auto-backup-failed = warning: the automatic backup was not written: { $reason }

# `tessera request show` and `request import`: a brand's request, one line each. $brand_name is
# the brand's name, $brand its id, $count a number of fields, $request the request's id.
cli-review-title = { $brand_name } ({ $brand }) asks for { $count } field(s) — request { $request }
cli-review-key = {"  "}key fingerprint { $fingerprint } (first seen { $first_seen })
cli-review-policy = {"  "}privacy policy { $policy } · contact { $contact }
cli-review-offer = {"  "}you get: { $offer }
# $id is the purpose's id, $description the brand's words, $days a number of days.
cli-review-purpose = {"  "}purpose { $id }: { $description } (kept { $days } days)
cli-review-purpose-shared = {"  "}purpose { $id }: { $description } (kept { $days } days, shared with third parties)
cli-review-purpose-profiling = {"  "}purpose { $id }: { $description } (kept { $days } days, used for profiling)
cli-review-purpose-shared-profiling = {"  "}purpose { $id }: { $description } (kept { $days } days, shared with third parties, used for profiling)
# $notes is a list of cli-review-note-* joined with ", "; $purposes the purposes' ids joined
# with "; ".
cli-review-field = {"  "}field { $field } as { $form } [{ $notes }] for: { $purposes }
cli-review-note-required = required
cli-review-note-optional = optional
cli-review-note-no-value = no value in your profile
cli-review-note-sensitive = sensitive: { $category }
cli-review-note-new = new
# $form is the form given in the person's last grant to the brand, as a code (raw, age_over_18).
cli-review-note-given-before = given last time as { $form }
cli-review-note-left-out-before = left out last time
cli-review-note-standing-rule = your standing rule gives { $form }
# $conflict is one of conflicts.ftl's messages.
cli-review-conflict = {"  "}against your terms: { $conflict }
cli-review-never = {"  "}promises never: { $promise }
# $status is the request's state as a code (pending, approved, denied, expired).
cli-review-status = {"  "}status: { $status }
# A column of `tessera request list`; $at is a time.
cli-request-row = { $count } field(s), received { $at }
# A column of `tessera grant list`; $date is a time.
cli-grant-until = until { $date }
cli-grant-revocation-follows = revocation (send it to the brand):

# `tessera request approve` and `deny`. $fields are fields' names joined with ", "; $form and
# $asked forms' codes; $category a special category in words; $id a grant's id.
cli-approve-nothing-chosen = choose fields with --field NAME[:FORM], or --all; to refuse, use `tessera request deny`
cli-approve-required-left-out = note: the brand marked { $fields } as required; it may decline a grant without them.
cli-approve-by-standing-rule = note: { $field } given as { $form }, as your standing rule for this brand allows, not { $asked } as asked; to give { $asked }, use --field { $field }:{ $asked }.
cli-approve-by-last-answer = note: { $field } given as { $form }, as you gave it to this brand last time, not { $asked } as asked; to give { $asked }, use --field { $field }:{ $asked }.
cli-approve-confirmed = Confirmed sharing { $field } ({ $category }, a special category of personal data) with { $brand } in this grant only.
cli-approve-confirmed-standing = Confirmed sharing { $field } ({ $category }, a special category of personal data) with { $brand } in this grant and from now on under its standing rules.
# $reason is one of the core's messages.
cli-approve-not-saved = the grant { $id } was issued and is in your vault, but it could not be saved: { $reason }. Once that is fixed, `tessera grant show { $id }` prints it to send
cli-approve-written = Wrote the signed grant { $id } to { $path }; send it to { $brand }.
cli-denied = Refused request { $request } from { $brand }. Nothing was shared.
cli-revoke-not-saved = grant { $id } is revoked, but the revocation could not be saved: { $reason }. Once that is fixed, `tessera grant show { $id }` prints it to send
# $fields: field:form pairs, comma-separated.
cli-renewal-gives = Renewing gives { $brand } a new grant answering the same request: { $fields }.
cli-renewal-changed = Changed since the grant: { $fields }; { $brand } gets the values as they are today.
cli-renewal-denied = Left out: your standing rule for this brand now denies { $fields }.
# $categories, comma-separated, as --confirm-sensitive takes them.
cli-renewal-confirm = It holds special categories of personal data: to renew, confirm them again with --confirm-sensitive { $categories }.
# $old is the grant renewed, $id the new one.
cli-renewed = Wrote grant { $id }, renewing { $old }, to { $path }; send it to { $brand }. { $old } still ends when it was to end.
cli-trace-too-large = what you gave to trace is larger than 64 KiB: give an address, or only the message's header
cli-trace-none = No brand you know has this alias: { $addresses }.
# $form is the form the grant gave it in (email_alias, email_alias_token).
cli-trace-given = { $address } is your alias for { $name } ({ $brand }), given to it in a grant as { $form }.
cli-trace-not-given = { $address } is the alias { $name } ({ $brand }) would have, but no grant gave it: someone made it up from the pattern (the email_alias_token form prevents that).
cli-trace-shares = {"  "}it said it shares the data with third parties for: { $purposes }
cli-trace-shares-none = {"  "}it said it shares the data with no third party
cli-trace-never = {"  "}it promised never: { $promise }
# $agreement a code (tessera-strict...); $sale, $sharing, $profiling, $inference, $training
# cli-terms-allowed or cli-terms-forbidden; $retention a number of days or
# cli-terms-any-retention; $erase a number of days; $contact cli-terms-contact or
# cli-terms-contact-any.
cli-terms-line = { $agreement }: sale { $sale }, sharing { $sharing }, profiling { $profiling }, inference { $inference }, training { $training }, longest retention { $retention }, deleted within { $erase } days of a revocation or the end, { $contact }
# $channels: channel codes joined with ", "; $quiet: HH:MM-HH:MM or cli-terms-no-quiet-hours.
cli-terms-contact = contact only by { $channels }, quiet hours { $quiet }
cli-terms-contact-any = contact not limited
cli-terms-no-quiet-hours = none
cli-terms-allowed = accepted
cli-terms-forbidden = forbidden
cli-terms-any-retention = any
cli-terms-default = For every brand: { $terms }
cli-terms-addition = {"  "}and: { $text }
cli-terms-brand = For { $name } ({ $brand }): { $terms }
# $known: the agreements' names, comma-separated.
cli-terms-unknown-agreement = no agreement named { $name }: choose one of { $known }
cli-deletions-none = No brand holds anything from you.
cli-deletions-brand = { $name } ({ $brand })
cli-deletions-brand-overdue = { $name } ({ $brand }): should already have deleted some of it
# $date YYYY-MM-DD; $reason why, in words.
cli-deletions-field = { $field } by { $date }: { $reason }
cli-deletions-letter = {"  "}to ask for erasure: tessera ledger erasure-letter { $seq }
cli-deletions-calendar-written = Wrote the deletion dates to { $path }: open it with your calendar.
cli-consent-records-written = Wrote your consent records to { $path } (ISO/IEC TS 27560, W3C DPV terms).
cli-letter-to = To: { $to }
cli-letter-subject = Subject: { $subject }
cli-revoked = Revoked { $id }. Send { $path } to the brand: it asks them to delete your data.

# Importing a request or a receipt.
cli-key-pinned = First request from { $brand }: its key is now pinned. Fingerprint: { $fingerprint }
cli-key-retrusted = WARNING: { $brand } now signs with a new key, which you chose to trust. Fingerprint: { $fingerprint }
# $date is when the grant was revoked (or cli-receipt-late-unknown-date).
cli-receipt-late = Receipt from { $brand } recorded on grant { $id } as late: you revoked this grant on { $date }. It shows the brand received the grant; your revocation still asks it to delete the data.
cli-receipt-late-unknown-date = an earlier date
cli-receipt-recorded = Receipt from { $brand } recorded on grant { $id }.

# The ledger. $entries is a number of entries; $problem one of the error-ledger-* messages.
cli-ledger-broken = the ledger does not verify: { $problem }
cli-ledger-verified = The ledger verifies: { $entries } entries, none edited, removed or reordered.
cli-ledger-exported = Wrote the signed ledger to { $path }. It names brands and fields, never values.
# $signer is the ledger key's thumbprint, $at a time in seconds since 1970.
cli-ledger-export-verified = The export verifies: { $entries } entries, signed by ledger key { $signer } at { $at }, none edited, removed or reordered.

# The brand kit (what a brand runs). $until is a time in seconds since 1970.
cli-brand-kit-key-written = Wrote a new brand key to { $path } (keep it secret). Fingerprint: { $fingerprint }
cli-brand-kit-request-written = Wrote the signed request to { $path }.
cli-brand-kit-grant-verified = The grant verifies: signed by { $signer }, for { $aud }, until { $until }.
cli-brand-kit-receipt-written = Wrote the receipt to { $path }; send it back to the person.
cli-brand-kit-revocation-verified = The revocation verifies: grant { $id } is revoked and its data must be deleted.

# The profile. $field is a field's name (email), $category a special category in words.
cli-not-an-opt-in = not an opt-in
# After a value that is the primary one of its field (two words in English: " (primary)").
cli-value-primary = {" "}(primary)
# $limit is a number of bytes.
cli-value-stdin-too-large = standard input holds more than { $limit } bytes; a value is much shorter
cli-value-none = no value given for { $field }: give it as an argument, or `-` to read it from standard input, or run at a terminal to be asked
# A prompt; ": " follows.
cli-prompt-value = Value for { $field }
cli-value-terminal-unreadable = cannot read the value from the terminal: { $reason }
cli-value-saved = Saved { $field }.
cli-value-saved-not-shown = { $field } is a special category ({ $category }): its value is not shown; `tessera profile get { $field }` shows it.
cli-value-missing = { $field } has no value: Tessera only knows what you enter.
# $count is a number of values.
cli-values-removed = Removed { $count } value(s) of { $field }.
cli-export-not-encrypted-file = warning: { $path } is NOT encrypted: anyone who can read it can read your profile. Keep it safe and delete it when done.
cli-export-not-encrypted = warning: this export is NOT encrypted.
cli-who-nobody = No brand may see { $field }.

# `tessera profile import`: the plan, one line per change, the words aligned in a column. $label
# is the value's label in brackets (" [home]") or nothing; $primary is cli-value-primary or
# nothing; $value and $old are values.
cli-import-cards = { $file } holds { $count } cards:
cli-import-card-no-name = (no name)
cli-import-choose-card = nothing was imported: choose which card is yours with --card N (1 to { $cards })
cli-import-add = {"  "}add      { $field }{ $label }: { $value }{ $primary }
cli-import-replace = {"  "}replace  { $field }{ $label }: { $value } (was { $old }){ $primary }
cli-import-same = {"  "}same     { $field }{ $label }
# $origin is where in the file (line 6), $item what (" email") or nothing, $reason why (the
# profile's words), $advice a flag to try in parentheses or nothing.
cli-import-skipped = {"  "}skipped  { $origin }{ $item }: { $reason }{ $advice }
cli-import-advice-region = {" "}(--region COUNTRY, e.g. --region US)
cli-import-note = {"  "}note     { $note }
# $kind is an opt-in's code (photo, note), also the flag's value.
cli-import-opt-in = {"  "}{ $count } { $kind } value(s) not imported: add --include { $kind } to import them
cli-import-summary = { $file }: { $adds } to add, { $replacements } to replace, { $unchanged } unchanged, { $skipped } skipped.
cli-import-needs-yes = nothing was imported: pass --yes to apply without a terminal, or --dry-run to only look
# A prompt; the answer y applies (a space follows).
cli-import-confirm = Apply these changes? [y/N]
cli-import-nothing = Nothing was imported.
cli-import-applied = Imported { $count } value(s).

# Brands and their rules. $name is a brand's name, $id its id; $form a form's code.
cli-brand-added = Added { $name } ({ $id }). It may see nothing until you allow fields.
# A column of `tessera brand list`.
cli-brand-row = { $count } field(s) allowed
# $added is a day.
cli-brand-title = { $name } ({ $id }), added { $added }
cli-brand-preview = It would receive today:
cli-brand-allowed = { $brand } may now see { $field } as { $form }.
cli-brand-denied = { $brand } may no longer see { $field }.
cli-brand-revoked = Revoked { $count } rule(s); the brand may see nothing now.
# A column of `tessera brand show` and `profile who`: the brand's name and the rule's last day.
cli-rule-brand-until = { $brand } until { $date }

# `tessera request show --diff`. $request is the earlier request's id, $at when its grant was
# issued. Each change follows on its own line, "+" before those that ask for more.
cli-changes-since = Since request { $request } (granted { $at }):
cli-changes-none = {"  "}nothing changed
cli-changes-nothing-earlier = Nothing to compare with: you have not answered an earlier request of this brand with a grant.

## tessera letter (crates/tessera-cli/src/exchange_cmd.rs). $id is a letter's id.
# $to the brand's contact, $subject and $body the letter's.
cli-letter-text =
    To: { $to }
    Subject: { $subject }

    { $body }
# $reply_by: a day (2027-01-31).
cli-letter-written = Letter { $id } written and recorded: send it to the brand yourself (Tessera sends nothing). A reply is due by { $reply_by }; when it comes, run: tessera letter replied { $id }
cli-letter-none = No letters yet. Write one with: tessera letter write BRAND --right RIGHT
# $overdue is "!" for a reply overdue, else a space; $right a code (access...); $state in words.
cli-letter-line = { $overdue } { $id }  { $brand }  { $right }  { $state }, reply due by { $reply_by }
# $brand: the brand's name.
cli-letter-replied = The reply of { $brand } to letter { $id } is recorded.
# $name: what was given; $known: the codes, joined with ", ".
cli-letter-unknown-right = no right named { $name }: choose one of { $known }
# $right a code, $basis the article, $reply_by Unix seconds.
cli-brand-kit-letter-verified = The letter verifies: { $right } ({ $basis }), from the person who signed the grants it names; reply due by { $reply_by } (Unix time).
cli-complaint-no-authority = the data protection authority of your country (the brand's requests name none)
# $path: where the evidence bundle was written.
cli-complaint-written = The evidence bundle is in { $path }, unencrypted: it holds what you gave the brand. Attach it to the complaint and delete it once filed. Tessera sends nothing: file the complaint with the authority yourself (most take it on a web form or by email).
