## The profile's errors (crates/tessera-profile: error.rs, brand.rs, store.rs, model.rs,
## validate.rs, forms.rs): what the app's error banner, the import review and the `tessera`
## command print when a value, a brand, a form or a rule is refused. A "reason" message is
## inserted where another message says so. A $field is a field's name as the catalogue writes it
## (`birthdate`, `custom.coffee_order`); a variable written "in quotes" below arrives with its
## quotation marks, as the person typed it ("ada@").

## The errors themselves (error.rs)

error-profile-unknown-field = unknown field { $field }: see `docs/fields.md` for the catalogue, or use custom.NAME for your own
# $reason is one of the error-profile-value-* reasons below, or a custom field name's
# (error-profile-value-custom-name).
error-profile-invalid-value = invalid value for { $field }: { $reason }
error-profile-not-multiple = { $field } takes one value, which has no label
error-profile-no-such-value = no value of { $field }
# $label is the value's label, in quotes.
error-profile-no-such-labelled-value = no value of { $field } labelled { $label }
# $input is what was given, in quotes; $reason is one of the error-profile-brand-* reasons
# below, or the URL library's own words.
error-profile-invalid-brand = invalid brand identifier { $input }: { $reason }
# $brand is the brand's identifier (https://shop.example).
error-profile-unknown-brand = unknown brand { $brand }: add it first
error-profile-brand-exists = brand { $brand } already exists
# $form is the form's code, in quotes ("age_over_18"); $offered is the codes of the forms the
# field offers, separated by commas, or error-profile-offered-none.
error-profile-form-not-offered = form { $form } is not offered for { $field }; offered: { $offered }
# $form is a form's code, in quotes.
error-profile-unknown-form = unknown form { $form }
# $form is the form's code (age_over_18); $reason is one of the error-profile-form-* reasons
# below.
error-profile-form-unavailable = cannot disclose { $field } as { $form }: { $reason }
# $category_label is the special category's words (health data); $category is its code
# (health), which the person types to confirm.
error-profile-confirmation-required = { $field } is { $category_label }, a special category of personal data: allowing a brand to see it needs your explicit confirmation (confirm category { $category })
# $record names a stored record in the vault's notation (profile.value#12).
error-profile-corrupt-stored-record = the stored profile record { $record } is not in a format this Tessera understands

## Why a brand identifier is refused (brand.rs): inserted after "invalid brand identifier ...:"
## (error-profile-invalid-brand).

error-profile-brand-empty = it is empty; use an https origin such as https://shop.example
error-profile-brand-not-https = brands are identified by an https origin
error-profile-brand-has-user = an origin has no user name or password
error-profile-brand-not-origin = use the origin only, without a path, query or fragment
error-profile-brand-no-host = it has no host name
error-profile-brand-host-no-dot = the host name needs a dot, e.g. shop.example

## Refused input of the profile, brands and rules (store.rs, validate.rs): shown as they are.

error-profile-label-empty = a label cannot be empty
error-profile-label-too-long = a label is one line of at most 64 characters
error-profile-catalogue-field-fixed = { $field } is a catalogue field; its category and sensitivity are fixed
error-profile-brand-name = a brand name is one line of 1 to 200 characters
# $until and $today are dates (2026-11-29).
error-profile-end-date-past = the end date { $until } is in the past; choose today ({ $today }) or later
# $region is the country code given for phone numbers, in quotes.
error-profile-not-phone-region = { $region } is not a country code for phone numbers; use an ISO 3166-1 code such as US, FR or DE
# Inserted after "offered:" in error-profile-form-not-offered, when the field offers no form.
error-profile-offered-none = none: this field is never disclosed

## Why a value is refused (validate.rs, model.rs): inserted after "invalid value for FIELD:"
## (error-profile-invalid-value); an import lists them as the reason a value was skipped.
## $value is what was given, in quotes.

# $prefix is "custom." (the start of every custom field's name); $max is a number (48).
error-profile-value-custom-name = custom field names are { $prefix } followed by 1 to { $max } lowercase letters, digits or _ (e.g. { $prefix }coffee_order)
error-profile-value-not-time-zone = { $value } is not an IANA time zone such as Europe/Paris or America/New_York
# $min and $max are numbers.
error-profile-value-not-whole-number = expected a whole number from { $min } to { $max }
# $options is the codes of the field's choices, separated by commas (email, sms, phone).
error-profile-value-not-one-of = expected one of: { $options }
# {brand} (written {"{"}brand{"}"} here) is the pattern's placeholder, typed as is: keep it.
error-profile-value-alias-pattern = the pattern needs {"{"}brand{"}"} exactly once, e.g. me+{"{"}brand{"}"}@example.com
error-profile-value-empty = the value is empty
# $max is a number (500, or 4000 for notes).
error-profile-value-too-long = longer than { $max } characters
error-profile-value-line-breaks = line breaks and control characters are not allowed
error-profile-value-control-characters = control characters are not allowed
# $problem is the email library's own words (in English).
error-profile-value-not-email = { $value } is not an email address ({ $problem })
error-profile-value-email-no-domain = { $value } has no full domain after @
# $region is the country code given for phone numbers, in quotes.
error-profile-value-not-phone-region = { $region } is not a country code for phone numbers
error-profile-value-not-phone = { $value } is not a phone number: use international format (+33 1 23 45 67 89) or give the number's country
error-profile-value-phone-invalid = { $value } is not a valid number for its country
error-profile-value-not-date = { $value } is not a date; use YYYY-MM-DD, e.g. 1990-04-23 (or --MM-DD without the year)
# $date is a date (2027-01-01).
error-profile-value-date-future = { $date } is in the future
error-profile-value-date-before-1900 = { $date } is before 1900
error-profile-value-not-language-tag = { $value } is not a language tag such as en, fr-CA or pt-BR
# $problem is the URL library's own words (in English).
error-profile-value-not-web-address = { $value } is not a web address ({ $problem })
error-profile-value-not-http = use an http or https address, e.g. https://example.com
error-profile-value-not-uri = { $value } is not a URI; write the service first, e.g. xmpp:ada@example.com
error-profile-value-tags-none = give at least one item, separated by commas
error-profile-value-tags-too-many = at most 50 items of at most 64 characters each
# A clothing size of the wrong shape (neither a letter size nor a system and a number).
error-profile-value-clothing-size = expected a size system and a number, e.g. M, XL or EU 40
# A shoe size of the wrong shape.
error-profile-value-shoe-size = expected a size system and a number, e.g. EU 42 or US 9.5
# $system is the size system given, upper case and in quotes ("XX"); $systems is the codes of
# the known ones, separated by commas (EU, UK, US, CM).
error-profile-value-unknown-size-system = unknown size system { $system }; use one of { $systems }
error-profile-value-not-number = { $value } is not a number
# $system is a size system's code (EU); $min and $max are numbers (15, 52).
error-profile-value-size-range = { $system } sizes run from { $min } to { $max }, in halves
error-profile-value-not-time-range = expected HH:MM-HH:MM, e.g. 21:00-08:00
error-profile-value-time-range-empty = start and end are the same time
# $problem is the JSON reader's own words (in English); the member names are codes.
error-profile-value-not-address-object = not an address object ({ $problem }); members are street_address, locality, region, postal_code, country
error-profile-value-address-parts = expected at most 5 parts: street; locality; region; postal code; country
# $country is the country as given, in quotes.
error-profile-value-unknown-country = { $country } is not a country Tessera recognizes; use an ISO 3166-1 code such as FR, DE or US
error-profile-value-address-empty = the address is empty

## Why a value cannot be given in a form (forms.rs): inserted after "cannot disclose FIELD as
## FORM:" (error-profile-form-unavailable).

error-profile-form-no-year = this date has no year, so it says nothing about age; only the date itself (month and day) can be given
error-profile-form-stored-not-date = the stored date is not a date
error-profile-form-not-date = not a date
error-profile-form-not-address = not an address
error-profile-form-no-country = this address has no country; add it or choose another form
error-profile-form-no-region = this address has no region; add it or choose another form
error-profile-form-no-locality = this address has no locality; add it or choose another form
error-profile-form-no-postal-code = this address has no postal code
# {brand} (written {"{"}brand{"}"} here) is typed as is: keep it; email_alias_pattern is a field's name.
error-profile-form-no-alias-token = the brand's alias token comes from the vault: this form is given only in a grant or a brand's preview
error-profile-form-no-alias-pattern = set an email alias pattern first (field email_alias_pattern, e.g. me+{"{"}brand{"}"}@example.com)

## The person's terms (crates/tessera-profile/src/terms.rs).
error-profile-terms-retention = a longest retention of { $days } days cannot be kept: give between 1 and { $max } days, or none
error-profile-terms-erase = deletion within { $days } days cannot be asked: give between 1 and { $max } days
# $channels: the channel codes, separated by commas.
error-profile-terms-channels = contact terms name one or more channels, each once, among { $channels } (none alone: no contact at all)
error-profile-terms-too-many = at most 20 additions to your terms: merge some
error-profile-terms-addition = each addition to your terms is a line of 1 to 200 characters, without control characters
