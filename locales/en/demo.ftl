## Demo: the guided first run on a demo brand, and the mark beside that brand (ui/src/screens/DemoCard.svelte, ui/src/screens/DemoBadge.svelte).

# The small mark shown beside the demo brand's name on every screen (a badge, one short word).
demo-badge = Demo
# The tooltip of that mark.
demo-badge-title = A demo brand that exists only inside Tessera

demo-title = Try the whole loop with a demo brand
# The introduction is split around the "Demo" mark (demo-badge), which sits between these two parts.
demo-intro-before-badge = The demo brand exists only inside Tessera: nothing leaves your computer. It is marked
# Follows the "Demo" mark (demo-badge).
demo-intro-after-badge = everywhere, and you can remove it at the end.

# Step 1, in bold.
demo-step-values = Put in a few values
# Labels of the boxes for the three values the demo request asks for.
demo-given-name = Given name
demo-birthdate = Date of birth
# The placeholder of the date of birth box: the format the date is typed in.
demo-birthdate-placeholder = YYYY-MM-DD
demo-city = City
# Button: saves the values typed above into the profile.
demo-save-values = Save these
# Button: goes to the Profile screen instead.
demo-import-card = Or import your card on Profile
# Shown in place of the form once the profile has values.
demo-values-done = done: your profile has values to give.
# After saving; $count is the number of values saved.
demo-values-saved = Saved { $count } value(s) in your profile.

# Step 2: the bold part, then the rest of the sentence (demo-step-review-rest) follows it.
demo-step-review = Review the demo brand's request
# Follows the bold "Review the demo brand's request".
demo-step-review-rest = and approve it, giving your date of birth as "over 18" only.
# Button: opens the demo request already fetched.
demo-review-request = Review the request
# Button: fetches the demo brand's built-in request and opens it.
demo-get-request = Get the demo request

# Step 3: the bold part; the explanation (demo-step-receipt-rest) follows it directly.
demo-step-receipt = Get its receipt
# Follows the bold "Get its receipt" directly (it starts with a colon).
demo-step-receipt-rest = : the brand's signed word that it accepts your terms.
# Button.
demo-get-receipt = Get the demo receipt
demo-receipt-done = The demo brand sent its receipt: it accepts your terms. Now revoke the grant on Grants.

# Step 4: the bold part; the explanation (demo-step-revoke-rest) follows it directly.
demo-step-revoke = Revoke the grant
# Follows the bold "Revoke the grant" directly (it starts with a colon).
demo-step-revoke-rest = : the revocation asks the brand to delete what it received.
# Button: goes to the Grants screen.
demo-revoke-on-grants = Revoke it on Grants

# Step 5: the bold part; the explanation (demo-step-remove-rest) follows it directly.
demo-step-remove = Remove the demo
# Follows the bold "Remove the demo" directly (it starts with a colon). "Demo" is the mark's word (demo-badge).
demo-step-remove-rest = : its brand, request, grant and rules go; Activity keeps its entries, marked Demo.
# Button.
demo-remove = Remove the demo
# After removing the demo: how many requests, grants and rules went. "Demo" is the mark's word (demo-badge).
demo-removed = Demo removed: { $requests } request(s), { $grants } grant(s) and { $rules } rule(s). Activity keeps its entries, marked Demo.
