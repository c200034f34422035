## Requests: a brand's request for data, its review, the signed grant and the confirmation of special categories (ui/src/screens/Requests.svelte, ui/src/lib/exchange.ts).

requests-title = Requests
# The import form's name for screen readers (aria-label).
requests-import-label = Import a request
# Above the box where a request's text is pasted.
requests-paste-label = Paste a brand's request, drop its file on this window, or choose the file
# A checkbox, shown when the brand signed with another key than the one pinned before.
requests-trust-new-key = I checked the new fingerprint with the brand through another channel; trust the new key
# Button: imports the pasted request.
requests-import = Import
# Button: opens a file dialog to choose a request's file.
requests-choose-file = Choose a file…
requests-none = No requests yet.
requests-more = Older requests
# A request in the list, under the brand's name: how many fields it asks for, its status
# (a word from the app: "pending", "approved"…), then when it arrived follows (relative: "2 days ago").
requests-item =
    { $count ->
        [one] one field
       *[other] { $count } fields
    } · { $status } ·

## The review of one request.

# Heading; a "demo" badge may follow.
requests-review-title = { $brand } asks for your data
# Labels of the request's facts (the brand's address, its key, its policy's address…).
requests-who = Who
requests-fingerprint = Key fingerprint
# After the key's fingerprint: when the app first saw this key follows (relative: "3 days ago"), then ")".
requests-first-seen = (first seen
requests-privacy-policy = Privacy policy
requests-contact = Contact
# The data protection authority the brand answers to.
requests-authority = Authority
# What the brand offers in return (the brand's words follow).
requests-offer = You get
requests-status = Status
# Heading over the brand's purposes.
requests-why = Why
# One purpose: the brand's own description, how long it keeps the data, whether it shares it
# with third parties ($shared: "yes" or "no"), whether it uses it for profiling ($profiling: "yes" or "no").
requests-purpose =
    { $description } — kept { $days ->
        [one] { $days } day
       *[other] { $days } days
    }{ $shared ->
        [yes] , shared with third parties
       *[no] , not shared
    }{ $profiling ->
        [yes] , used for profiling
       *[no] { "" }
    }
# Heading over what the brand promises never to do; its own words follow as a list ("location-triggered messages").
requests-never = They promise never to
requests-fields = Fields
# Column headings of the fields table: a checkbox, the field, the form it is shared in, the brand's purposes.
requests-column-share = Share
requests-column-field = Field
requests-column-form = Form
requests-column-for = For
# A field's checkbox, for screen readers (aria-label); the field's name ("Email").
requests-share-field = Share { $field }
# Badges beside a field's name.
requests-required = required
requests-optional = optional
# Badge: the field was not in this brand's last grant.
requests-new = new
# Under a field's name, when the person answered this brand before; $form is the app's words
# for the form given then ("Over 18 (yes/no)").
requests-last-given = Given last time as { $form }.
requests-last-left-out = Left out last time.
requests-last-not-asked = Not asked for last time.
requests-no-value = Not in your profile: add it in Profile, or skip it.
# The form list's name, for screen readers (aria-label); the field's name ("Date of birth").
requests-form-for = Form for { $field }
# Under the form list, when the person's standing rule gives a coarser form than the brand asked:
# both forms are the app's words ("Exact value", "Over 18 (yes/no)").
requests-rule-coarser = Asked: { $asked }. Your standing rule for { $brand } gives { $given }.
# The same when the person gave the coarser form in their last answer to the brand.
requests-last-coarser = Asked: { $asked }. You gave { $brand } { $given } last time, so the review starts there.
# A section of the review when the brand asked before and the person answered with a grant;
# after the intro, when that grant was issued (relative: "3 months ago"), then ".".
requests-changes-title = What changed since your last answer
requests-changes-since = Compared with the request you last answered with a grant,
requests-changes-none = Nothing changed: { $brand } asks for what you answered last time.
# Badge beside a change that asks for more than before, or gives less in return.
requests-asks-more = asks for more
# Above a date field.
requests-until-label = Share until (optional; default one year)
# A checkbox.
requests-update-rules = Also allow these fields in { $brand }'s standing rules
# $fields: the required fields the person left out, as a list ("Email, Date of birth").
requests-required-left-out = { $brand } says it needs { $fields }. You may still leave them out; the brand may then decline the grant.
# Buttons.
requests-approve = Approve selected
requests-deny = Refuse all
requests-grant-title = Your signed grant
# When the grant ends follows (relative: "in 1 year"), then ".".
requests-grant-hint = Give this to { $brand }: save it as a file or copy it. It ends
# Button: opens a save dialog.
requests-save = Save…
# Button: copies the grant to the clipboard.
requests-copy = Copy
requests-demo-next = A demo: nothing was sent. Go back to Home for the demo brand's receipt.
# Notices after an answer.
requests-signed = Signed a grant for { $brand }. Send it to them.
requests-refused = Refused. Nothing was shared with { $brand }.
requests-saved = Grant saved.
requests-copied =
    Copied. The clipboard will be cleared in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.

## The confirmation before sharing special categories of personal data (a dialog).

# $categories: the categories, as a list ("health, religious or philosophical beliefs").
requests-confirm-title = Share { $categories }?
# The dialog's text is in parts around bold words:
# "You are about to share [fields] with Shop: [categories], special categories of personal data. Shop could learn…"
# The bold list of fields follows.
requests-confirm-intro = You are about to share
# One field in the bold list: its name and its category ("Allergies (health)").
requests-confirm-field = { $field } ({ $category })
# After the bold fields; the bold categories follow.
requests-confirm-with = with { $brand }:
# Right after the bold categories (no space before it).
requests-confirm-why = , special categories of personal data. { $brand } could learn something deeply personal about you.
# Shown when the person also chose to allow the fields in standing rules; the bold categories follow, then requests-confirm-standing-end.
requests-confirm-standing = You also chose to allow these fields in { $brand }'s standing rules: it may see your
requests-confirm-standing-end = data from now on, not only in this grant.
# Buttons.
requests-cancel = Cancel
requests-confirm-share = Share { $categories }
# When the person also chose to allow the fields in standing rules.
requests-confirm-share-allow = Share and allow { $categories }
# Above the review's purposes when the request goes against the person's terms (Settings > Your terms).
requests-conflicts-title = Against your terms
requests-conflicts-hint = You decide: leave those fields out, give a coarser form, or approve anyway (the grant then names what you allowed as an exception to your terms). Your terms are in Settings.
