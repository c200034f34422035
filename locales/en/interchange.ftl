## The profile's import and export words (crates/tessera-profile/src/interchange: vCard and
## JSContact files) and where a value came from (model.rs): what the import review, the app's
## error banner and the `tessera` command show. A "reason" says why something in the file is
## not imported; the review shows it next to where it was (line 12, member /photos) and what it
## was (PHOTO, /photos). vCard property names (BDAY, BEGIN:VCARD) and JSON member names
## ("@type", "Card") are codes: keep them as they are.

## Where a value came from (model.rs), under each value of the profile.

# $on is a date (2026-11-29).
interchange-provenance-entered = entered on { $on }
# $file is the imported file's name (Jane Doe.vcf); $on is a date.
interchange-provenance-imported = imported from { $file } on { $on }

## Where something is in a file: the import review shows it before what was found there, and
## an error starts with it ("line 7: ...").

# $line is a line number of a vCard file.
interchange-origin-line = line { $line }
# $from and $to are line numbers (a card nested in the card).
interchange-origin-lines = lines { $from }-{ $to }
# $path is a JSON pointer to a member of a JSContact file (/emails/e1/address): a code.
interchange-origin-member = member { $path }

## Refused files and imports (mod.rs, lexer.rs).

# $format is what was given, in quotes; $vcard and $jscontact are the formats' codes, which
# the person types (vcard, jscontact).
interchange-unknown-format = unknown format { $format }; use { $vcard } or { $jscontact }
interchange-not-a-card = this is neither a vCard (BEGIN:VCARD) nor a JSContact card (JSON); export your card from your address book as a .vcf or JSContact file
# $file is the file's name; $size and $limit are numbers of bytes.
interchange-file-too-large = { $file } is { $size } bytes; the limit for a profile file is { $limit }
# $card is the card number asked for; $count is how many the file holds (numbers).
interchange-no-such-card = there is no card { $card } in { $file }: it holds { $count } card(s), numbered from 1
# $count is how many cards the file holds (a number, 2 or more).
interchange-choose-card = { $file } holds { $count } cards: choose which one is yours
# $sensitivity is what the file gives, in quotes.
interchange-unknown-sensitivity = unknown sensitivity { $sensitivity }
# $byte is a position in the file (a number).
interchange-not-utf8 = the file is not UTF-8 text (byte { $byte }); JSContact files are UTF-8
# $line is the line number where the card starts.
interchange-vcard-not-closed = line { $line }: the card that starts here has no END:VCARD; the file may be cut short: export the card again
interchange-vcard-no-card-empty = no BEGIN:VCARD in this file, so it holds no contact card: the file is empty
# $reason is the first line's problem (one of the interchange-vcard-* line problems below);
# $line is that line's number.
interchange-vcard-no-card = no BEGIN:VCARD in this file, so it holds no contact card: { $reason } (line { $line })
# $line and $column are numbers; $problem is the JSON reader's own words (in English).
interchange-jscontact-not-json = not valid JSON at line { $line }, column { $column }: { $problem }
interchange-jscontact-no-card = member /@type: no JSContact Card here (an object with "@type": "Card", or an array of them)

## Why a vCard line cannot be read (lexer.rs): listed as skipped, after the line's number.

interchange-vcard-parameter-not-utf8 = a parameter is not UTF-8 text
# $name is what stands where a parameter's name should, in quotes.
interchange-vcard-not-parameter-name = { $name } is not a parameter name
interchange-vcard-no-colon = no ':' separating the property name from its value
interchange-vcard-property-name-not-text = the property name is not text
# $name is what stands where a property's name should, in quotes.
interchange-vcard-not-property-name = { $name } is not a property name
# $property is a vCard property's name (TEL).
interchange-vcard-outside-card = { $property } is outside any BEGIN:VCARD .. END:VCARD

## Why something in a file is not imported, in both formats (mod.rs): the import review lists
## it as skipped.

interchange-partial-date = a date without a month and day; Tessera keeps whole dates, or a month and day
interchange-media = photos, logos, sounds and keys are not kept in the profile
interchange-about-others = about another person; not imported
interchange-about-the-file = about the address book or the file, not about you
# The property or member holds nothing.
interchange-empty = empty
# $country is the country as the file writes it, in quotes.
interchange-unknown-country = the country { $country } is not one Tessera recognizes; the rest of the address is imported (add the country yourself)
# $item is a vCard property's or JSContact member's name (X-FOO, photos, name/title): a code.
interchange-no-field = Tessera has no field for { $item }
# $kind is the code of what the person can choose to import (notes, categories), as they give
# it to the import.
interchange-opt-in-not-chosen = not imported unless you choose to import { $kind }
interchange-repeated-value = the same value appears earlier in the file
interchange-single-value = { $field } takes one value; the file's first one is imported

## Reading a vCard (vcard.rs): notes on how the card was read, and why a line is skipped.
## $line is a line number.

interchange-vcard-nested-card = a card inside this card (another person's) is not imported
interchange-vcard-guessed-charset = line { $line }: the text is not UTF-8 and no CHARSET says what it is, so it was read as windows-1252 (Western European); if letters look wrong, export the card again as UTF-8
interchange-vcard-no-version = the card has no VERSION line; it was read as vCard 3.0 and 4.0 both allow
interchange-vcard-binary = binary data (BASE64) that is not a photo, logo, sound or key
# $version is what the VERSION line says, in quotes.
interchange-vcard-unknown-version = line { $line }: vCard version { $version } is not one Tessera knows (2.1, 3.0, 4.0); the card was read as 4.0
# $kind is the card's KIND as the file writes it (org, group).
interchange-vcard-not-a-person = line { $line }: this card describes a { $kind }, not a person
interchange-vcard-derived-name = written by Tessera from the name's parts; the parts are imported
interchange-vcard-label = the address written out for a label; the address itself comes from ADR
interchange-vcard-other-date = a date of another kind than a birthday or anniversary
interchange-vcard-geo = map coordinates; Tessera keeps addresses, not exact positions
# $property is a vCard property's name (X-TESSERA-FOO).
interchange-vcard-unknown-tessera-field = { $property } names no Tessera field
interchange-vcard-honorific-prefix = an honorific prefix: Tessera has no field for it
interchange-vcard-honorific-suffix = an honorific suffix: Tessera has no field for it
interchange-vcard-name-components-extra = name components after the fifth (RFC 9554): Tessera has no field for them
interchange-vcard-address-components-extra = address components after the seventh (RFC 9554): Tessera has no field for them
interchange-vcard-address-label = the address written out for a label; the address itself is imported
# $value is the date as the file writes it, in quotes.
interchange-vcard-date-partial = { $value } is a date without a month and day; Tessera keeps whole dates, or a month and day
interchange-vcard-date-no-day = { $value } is a year or a year and month without a day; Tessera keeps whole dates, or a month and day
interchange-vcard-date-unreadable = { $value } is not a date Tessera can read (YYYY-MM-DD, YYYYMMDD or --MMDD)
# $value is the GENDER line's sex as the file writes it, in quotes; F, M, O, N, U are codes.
interchange-vcard-not-a-sex = { $value } is not one of F, M, O, N, U
# female, male, non_binary, other, prefer_not_to_say are codes.
interchange-vcard-gender-identity = the gender identity text; Tessera's gender is one of female, male, non_binary, other, prefer_not_to_say (set it yourself if none fits)
interchange-vcard-custom-without-name = X-TESSERA-CUSTOM needs X-NAME=custom.<name>

## Reading a JSContact card (jscontact.rs): notes on how the card was read, and why a member is
## skipped. Member names in quotes ("date") are codes.

interchange-jscontact-expected-entries = expected an object of entries
interchange-jscontact-expected-object = expected an object
interchange-jscontact-expected-string = expected a string
interchange-jscontact-expected-array = expected an array
interchange-jscontact-expected-fields = expected an object of fields
interchange-jscontact-expected-values = expected an array of values
interchange-jscontact-expected-date = expected a date object
# $member is the missing member's name (address, date).
interchange-jscontact-missing = missing "{ $member }"
# $version is the version the card gives, in quotes.
interchange-jscontact-version = the card's version is { $version }, not "1.0"; it was read as JSContact 1.0
interchange-jscontact-no-version = the card gives no version; it was read as JSContact 1.0
# $kind is the card's kind as the file writes it (org, group).
interchange-jscontact-not-a-person = this card describes a { $kind }, not a person
interchange-jscontact-service-without-uri = an account named without a URI; Tessera keeps messaging addresses as URIs (add it yourself as xmpp:..., sip:...)
# $kind is the anniversary's kind as the file writes it, in quotes.
interchange-jscontact-anniversary-kind = an anniversary of kind { $kind }: Tessera keeps birth dates and wedding anniversaries
interchange-jscontact-anniversary-no-kind = an anniversary without a kind: Tessera keeps birth dates and wedding anniversaries
interchange-jscontact-organization-unnamed = an organization without a name
interchange-jscontact-no-keywords = no keywords
# $kind is the information's kind as the file writes it, in quotes.
interchange-jscontact-personal-info-kind = personal information of kind { $kind } has no field
interchange-jscontact-personal-info-no-kind = personal information without a kind has no field
interchange-jscontact-localizations = translations of the card's values; the card's own values are imported
interchange-jscontact-speak-to-as = how to address the person (grammatical gender, pronouns) has no field
interchange-jscontact-name-component-incomplete = a name component needs a kind and a value
# $kind is the component's kind as the file writes it (title, credential).
interchange-jscontact-name-component-kind = a name component of kind { $kind } (title, credential, generation...) has no field
interchange-jscontact-address-component-no-value = an address component needs a value
# $kind is the component's kind as the file writes it.
interchange-jscontact-address-component-kind = an address component of kind { $kind } has no field
interchange-jscontact-address-full = the address written out in full; its components are imported
# $member is the member's name (coordinates, timeZone): a code.
interchange-jscontact-address-extra = Tessera keeps no { $member } with an address
interchange-jscontact-not-a-card = not a JSContact Card ("@type": "Card")
