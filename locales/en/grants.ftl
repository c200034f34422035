## Grants: the grants given to brands, one grant's details, receipts and revocations (ui/src/screens/Grants.svelte).

grants-title = Grants
# Label of the list that filters grants by state (All, Active, Expiring, ...).
grants-filter = Show
# The filter's first choice: grants in every state.
grants-filter-all = All
grants-none = No grants here.
grants-more = Older grants
# Under a brand's name in the list: $fields are the fields it received, comma-separated; when the grant ends follows, relative ("in 3 days").
grants-item-ends = { $fields } · ends
# Follows the end date in the list when the brand sent its receipt.
grants-item-receipt = · receipt
# Heading of the form that imports a receipt (also its name for screen readers).
grants-import-title = Import a receipt
# Label of the box the receipt is pasted into.
grants-import-paste = Paste the brand's countersigned receipt
# Button.
grants-import = Import receipt
# Labels of one grant's facts; each is followed by its value (a state, a list of fields, a relative date, a request's id).
grants-fact-state = State
grants-fact-fields = Fields
grants-fact-issued = Issued
grants-fact-expires = Expires
grants-fact-revoked = Revoked
grants-fact-receipt = Receipt
# The request the grant answers (its id follows).
grants-fact-answers = Answers
# The receipt's state: when the brand countersigned follows, relative ("2 days ago").
grants-receipt-countersigned = countersigned
grants-receipt-none = none yet
# Follows the receipt's state when it came after the grant was revoked.
grants-receipt-late = (late: after you revoked the grant)
# Heading above the revocation token to send to the brand.
grants-revocation-title = Revocation to send
# Button: saves the revocation to a file (a dialog opens).
grants-revocation-save = Save…
# Button.
grants-revoke = Revoke and ask for deletion
# After revoking; $brand is the brand's name.
grants-revoked = Revoked. Send the revocation to { $brand }: it asks them to delete your data.
grants-revocation-saved = Revocation saved.
# After importing a receipt; $brand is the brand's name.
grants-receipt-recorded = Receipt from { $brand } recorded.
# After importing a receipt that came after the grant was revoked; $brand is the brand's name, $date when the grant was revoked.
grants-receipt-recorded-late = Receipt from { $brand } recorded as late: you revoked this grant on { $date }. It shows they received the grant; your revocation still asks them to delete the data.
# The grant that renewed this one, or the one this one renews (its id follows).
grants-fact-renewed-by = Renewed by
grants-fact-renews = Renews
# Renewing a grant that ends soon or has ended, as it is: a section of the grant's details.
grants-renew-title = Renew
# $brand is the brand's name, $fields the fields and forms the new grant gives ("Email (Exact value), Date of birth (Over 18 (yes/no))").
grants-renew-intro = A new grant gives { $brand } the same fields in the same forms, answering the same request: { $fields }.
# $fields: the fields whose value the new grant gives differs from the one this grant gave ("Email, Age").
grants-renew-changed = Changed since this grant: { $fields }. { $brand } gets the values as they are today.
# $fields: the fields the person's standing rule for the brand now denies.
grants-renew-denied = Left out: your standing rule for { $brand } now denies { $fields }.
# A checkbox, when the grant holds special categories of personal data ($categories: "health").
grants-renew-confirm = I confirm sharing { $categories } with { $brand } again
# Above a date field.
grants-renew-until = New grant until (optional; default one year)
# Button.
grants-renew = Renew as is
# After renewing; $brand is the brand's name.
grants-renewed = Renewed. Send the new grant to { $brand }.
# Heading above the new grant's token.
grants-renewed-title = The new grant
# Buttons under it.
grants-renewed-save = Save…
grants-renewed-copy = Copy
