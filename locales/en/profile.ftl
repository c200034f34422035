## Profile: the person's values, grouped by category, and the form to add or change one (ui/src/screens/Profile.svelte, ui/src/lib/profile.ts).

profile-title = Your profile
# The label of the search box above the values.
profile-search = Search
# Placeholder in the search box.
profile-search-placeholder = Field, value or label
profile-empty = Nothing yet. Tessera only knows what you enter: add your first field on the right.
# A badge on a value that is the main one of several (e.g. the primary of two emails).
profile-primary-badge = primary
# Tooltip on a sensitive field's badge; $sensitivity is the kind of special category ("health").
profile-special-category = Special category: { $sensitivity }
# Buttons on each value. The aria-label variants name the field ($field, "Email") for screen readers.
profile-edit = Edit
profile-edit-label = Edit { $field }
profile-who-can-see = Who can see
profile-who-can-see-label = Who can see { $field }
profile-delete = Delete
profile-delete-label = Delete { $field }
# A button below a long list: shows $count more values.
profile-show-more = Show { $count } more
# Status after saving a value; $field is its field's label ("Email").
profile-saved = Saved { $field }.
# Status after deleting a value; $field is its field's label, $label the value's own label ("work").
profile-removed = Removed { $field }.
profile-removed-labelled = Removed { $field } ({ $label }).

## The form to add or change a value.

profile-form-title = Add or change a value
profile-form-field = Field
# The first, unselectable choice of the field list.
profile-form-choose-field = Choose a field
# A sensitive field in the field list: its label, then its kind of special category ("health").
profile-form-field-sensitive = { $field } ({ $sensitivity })
# The last choice of the field list: a field the person names.
profile-form-custom = Custom field…
profile-form-custom-name = Custom field name
profile-form-sensitivity = Sensitivity
profile-form-value = Value
# The first, unselectable choice of a list of values.
profile-form-choose-value = Choose…
# Label of the two-letter country box for a phone number.
profile-form-region = Country, if not in +international form
profile-form-label = Label (home, work…)
# A checkbox's label.
profile-form-primary = Primary value
# The form's submit button.
profile-form-save = Save
profile-error-custom-name = Give the custom field a name.
profile-error-choose-field = Choose a field.

## Who can see a field: the brands whose rules share it.

# Heading; $field is the field's label ("Email").
profile-who-title = Who can see { $field }
profile-who-none = No brand. Nothing is shared unless you allow it.
# A brand allowed to see the field, and the form it gets ("City only").
profile-who-rule = { $brand } · { $form }
# The same, with the day the rule ends ($until, a date).
profile-who-rule-until = { $brand } · { $form } · until { $until }
# Profile > after a change (ui/src/screens/Corrections.svelte): brands holding an older value.
# $brand is a brand's name; $fields fields in words joined with ", ".
corrections-title = Brands holding an older value
corrections-intro = These brands received a value you have changed since. Send each the new one: renew its grant (it gets today's values, in the same forms), or write a signed correction letter (GDPR Art. 16). Tessera sends nothing itself.
corrections-holds = holds your earlier { $fields }
corrections-renew = Renew the grant with today's values
corrections-letter = Write a correction letter
corrections-renewed = { $brand } has a new grant with today's values: send it from Grants.
corrections-letter-written = The correction letter to { $brand } is written and recorded: send it; a reply is due in one month.
