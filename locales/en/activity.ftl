## Activity: the ledger of everything that happened, its check, and deletion requests
## (ui/src/screens/Activity.svelte).

# Heading.
activity-title = Activity
# Button: checks that no ledger entry was edited, removed or reordered.
activity-verify = Verify the ledger
# While the check goes on. $checked and $total are numbers of entries.
activity-checking = Checking: { $checked } of { $total } entries
# Button: saves the ledger as a signed file.
activity-export = Export signed…
# Button: saves every request and answer as consent records other tools read (ISO/IEC TS 27560).
activity-export-records = Export consent records…
activity-records-saved = Consent records saved (ISO/IEC TS 27560, with W3C DPV terms).
# The result of the check; $count is how many entries the ledger holds.
activity-intact =
    { $count ->
        [one] Intact: { $count } entry, not edited, removed or reordered.
       *[other] Intact: { $count } entries, none edited, removed or reordered.
    }
# The result of the check; $problem is Rust's sentence saying what is wrong.
activity-broken = Broken: { $problem }
# Label of the list that filters by kind of event.
activity-filter-event = Event
# In the list of kinds of event: no filter.
activity-filter-all = All
# Label of the search field that filters by brand.
activity-filter-brand = Brand
# Under the ledger: $shown entries listed (matching the filters), of $total in the ledger.
activity-shown = { $shown } shown of { $total } entries
activity-older = Older entries
# Column headings of the ledger's table.
activity-column-when = When
activity-column-what = What
activity-column-brand = Brand
activity-column-fields = Fields
# Button in a ledger row: writes a deletion request to the brand.
activity-ask-delete = Ask to delete
# The same button, for assistive technology; $seq is the ledger entry's number (the table's first column).
activity-ask-delete-label = Deletion request for entry { $seq }
# Heading of the deletion request letter (Art. 17 of the EU's General Data Protection Regulation).
activity-letter-title = Deletion request (GDPR Art. 17)
# Terms before the letter's address and subject.
activity-letter-to = To
activity-letter-subject = Subject
activity-letter-hint = Copy this into an email to the brand's contact.
activity-letter-sign = Sign it and track the reply
# $date: the day a reply is due.
activity-letter-signed = Signed with the key of your grants to the brand and recorded: send this text. A reply is due by { $date }; the brand's page tracks it.
# Where did an address leak from (ui/src/screens/TraceAlias.svelte), under the activity.
trace-title = Where did an address come from?
trace-label = Paste an email address a message came to, or the message's whole header
trace-button = Trace
# $addresses: the addresses read, comma-separated.
trace-none = No brand you know was given any of these: { $addresses }.
# $form is the form in the app's words ("Per-brand email alias, not naming the brand").
trace-given = { $address } is the alias you gave { $brand } ({ $form }).
trace-not-given = { $address } is the alias { $brand } would have, but you never gave it: someone made it up from your pattern. The alias form that does not name the brand prevents this.
# $purposes: the brand's purposes in its words, separated by "; ".
trace-shares = { $brand } said it shares the data with third parties for: { $purposes }.
trace-shares-none = { $brand } said it shares the data with no third party.
trace-never = { $brand } promised never: { $promises }.
trace-ask-delete = Ask { $brand } to delete your data
# Opens the rights panel for the brand: an access letter (where did my address go?), a complaint.
trace-rights = Ask { $brand } where your address went, or complain…
