## Brands: the list of brands, adding one, and one brand's rules (ui/src/screens/Brands.svelte, ui/src/screens/BrandDetail.svelte).

## The list (Brands.svelte)

# The name screen readers give the row of tabs (Brands, Who sees what).
brands-views = Brand views
# Tab: the list of brands.
brands-tab-list = Brands
# Tab: the table of which brand sees which field.
brands-tab-matrix = Who sees what
brands-title = Brands
# Label of the search box.
brands-search = Search
# Placeholder of the search box: what it searches.
brands-search-placeholder = Name or address
brands-empty = No brands yet. Add one below, or import a brand's request (coming soon).
# Under a brand's name in the list: $address is its web address, $count the number of fields it may see today.
brands-item-hint =
    { $address } · { $count ->
        [one] { $count } field shared
       *[other] { $count } fields shared
    }
# Buttons that page through the list.
brands-previous = Previous
brands-next = Next
# Which brands are shown: $first and $last are positions, $total the number of brands ("51–100 of 230").
brands-range = { $first }–{ $last } of { $total }
brands-add-title = Add a brand
# Label of the box for the new brand's web address.
brands-add-address = Web address (https origin or domain)
# Placeholder of that box: an example address (a domain reserved for examples).
brands-add-address-placeholder = shop.example
# Label of the box for the new brand's name.
brands-add-name = Name
# Button.
brands-add = Add brand

## One brand (BrandDetail.svelte)

# Button: ends every rule of this brand at once.
brand-revoke-all = Revoke all
# Follows the brand's web address; $date is the day it was added, in the locale ("14 Mar 2026").
brand-added = · added { $date }
brand-rules-title = What this brand may see
brand-rules-none = Nothing. Fields are private unless you allow them here.
# Column headings of the brand's rules.
brand-column-field = Field
brand-column-form = Form
brand-column-until = Until
brand-column-state = State
# Button in a rule's row.
brand-stop-sharing = Stop sharing
# What screen readers say for that button; $field is the field's name.
brand-stop-sharing-label = Stop sharing { $field }
# Heading above the values the brand would get from its rules, today.
brand-preview-title = It would receive today
brand-allow-title = Allow a field
# Label of the list of fields.
brand-allow-field = Field
# The first, empty choice of the list of fields.
brand-allow-choose = Choose a field
# A sensitive field in the list of fields: $field is its name, $sensitivity its special category ("Health").
brand-allow-field-sensitive = { $field } ({ $sensitivity })
# Label of the list of forms the field can be given in.
brand-allow-form = Form
# Label of the date box.
brand-allow-until = Until (optional, last day included)
# Button.
brand-allow = Allow
# After allowing a field: $brand the brand's name, $field the field's name, $form the form it is given in ("City only").
brand-allowed = { $brand } may now see { $field } ({ $form }).
# After "Revoke all": $count is the number of rules revoked.
brand-revoked-all = Revoked { $count } rule(s). This brand may see nothing now.

## The confirmation before sharing a sensitive field (a dialog).

# The dialog's heading; $sensitivity is the field's special category ("Health").
brand-confirm-title = Share { $sensitivity }?
# The dialog's first sentence is split around two bold parts: the field's name (bold), this word, the field's special category (bold), then brand-confirm-special.
brand-confirm-is = is
# Follows the field's special category (bold) directly, ending the first sentence.
brand-confirm-special = , a special category of personal data.
# The dialog's second sentence; $brand is the brand's name.
brand-confirm-risk = { $brand } could learn something deeply personal about you.
# Button: closes the dialog, nothing shared.
brand-confirm-cancel = Cancel
# Button: shares the field; $sensitivity is its special category ("Health").
brand-confirm-share = Allow sharing { $sensitivity }
# A brand's page > Terms for this brand (ui/src/screens/MyTerms.svelte with a brand). $brand is
# the brand's name.
brand-terms-title = Terms for this brand
brand-terms-own = { $brand } has terms of its own: they hold for it instead of your terms for every brand.
brand-terms-every = Your terms for every brand hold for { $brand }. Saving here gives it terms of its own.
brand-terms-save = Save terms for this brand
brand-terms-saved = Terms for { $brand } are saved.
brand-terms-clear = Use my terms for every brand
brand-terms-cleared = Your terms for every brand hold for { $brand } again.
# A brand's page > Your rights (ui/src/screens/Letters.svelte). $date is a day.
letters-title = Your rights
letters-intro = Write a letter exercising a right: Tessera signs it with the key of your grants to this brand, so it knows the letter is from you without a copy of your ID. Send it yourself; the brand has one month to reply.
letters-no-grant = A letter is signed with the key of your grants to this brand: it holds none from you.
letters-right = Right
letters-purposes = Purposes concerned
letters-profiling = profiling
letters-write = Write the letter
letters-written = Written and recorded. Send it to the brand; a reply is due by { $date }.
letters-text = The letter, to copy into an email or print
letters-due = reply due by { $date }
letters-replied = Reply received
# A brand's page > Your rights > a complaint to the data protection authority (GDPR Art. 77).
complaint-write = Complain to the data protection authority…
# $authority: the authority the brand's request named.
complaint-to = To { $authority }, the authority the brand's requests name. File it on the authority's web form or by email, with the evidence bundle attached.
complaint-to-unknown = The brand's requests name no authority: file it with the data protection authority of your country, with the evidence bundle attached.
complaint-text = The complaint, to complete and copy
complaint-save = Save the evidence bundle…
complaint-saved = The evidence bundle is saved, unencrypted: it holds what you gave the brand. Attach it to the complaint, and delete it once filed.
