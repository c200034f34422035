## Profile files: importing a vCard or JSContact card into the profile, and exporting it (ui/src/screens/ProfileFiles.svelte, ui/src/lib/importing.ts).

files-title = Import or export
# The label of the box where a card's text is pasted.
files-paste-label = Paste a vCard (2.1, 3.0 or 4.0) or JSContact card, or choose its file
# Buttons.
files-preview = Preview import
files-pick = Choose a file…
# Status after an import; $count is the number of values written, $file the file's name (or "pasted card").
files-imported = Imported { $count } value(s) from { $file }.
# Status after an export was saved.
files-export-saved = Saved. The file is not encrypted: keep it safe.
# Where the previewed card comes from: the file's name (or "pasted card") and its format ("vCard 3.0").
files-source = From { $file } ({ $format })
# The heading of the list of cards a file holds, when it holds several.
files-cards-legend = Which card is yours?
# A card without a name in that list; $index is its number in the file.
files-card-unnamed = Card { $index } (no name)

## The live summary of what an import would do.

# $count is the number of cards in the file.
files-summary-choose-card = This file holds { $count } cards: choose yours to see what it would import.
# $adds, $replacements and $unchanged count values.
files-summary = { $adds } to add, { $replacements } to replace, { $unchanged } unchanged.
# The same, with the number of items of the file that are not imported ($skipped).
files-summary-skipped = { $adds } to add, { $replacements } to replace, { $unchanged } unchanged; { $skipped } item(s) not imported.

## The country for phone numbers written without one.

files-region-label = Country for phone numbers without a country code
# The hint under the country box while what is typed is not two letters.
files-region-incomplete = Type the country's two-letter code, such as US, GB or DE.
# The hint when phone numbers are skipped for want of a country; $count is how many.
files-region-needed = { $count } phone number(s) are not imported (see below); a number written without its country code needs its country here.
files-region-hint = Two letters, such as US, GB or DE; numbers in +international form need none.
# A checkbox to import values not imported by default: its label ("Also import notes (private, never shared)"), then how many values of that kind the card has.
files-opt-in-count = { $option } ({ $count } in this card)

## The list of changes, what is not imported, and applying.

# aria-label of the list of changes.
files-changes-label = What the import changes
# A change: its action ("Add", in bold) comes before; its field's label ("Email"), then the new value after the colon.
files-change-field = { $field }:
# The same, with the value's own label ("home").
files-change-field-labelled = { $field } ({ $label }):
# After a replaced value: the value it replaces.
files-change-was = (was { $old })
# A badge on a change that makes the value the primary one.
files-change-primary = becomes primary
# The title of the folded list of what is not imported; $count is how many items.
files-skipped-count = { $count } item(s) not imported
# aria-label of the list of notes on how the file was read.
files-notes-label = How the file was read
files-updating = Updating the preview…
# The button that writes the import; $count is the number of values it writes.
files-apply =
    Apply { $count ->
        [one] one change
       *[other] { $count } changes
    }

## Export.

files-export-title = Export
# A warning, in three parts around the bold words "not encrypted" (files-export-warning-strong): before them, then after them.
files-export-warning-before = Exported files are
files-export-warning-strong = not encrypted
files-export-warning-after = : anyone who can read them can read your profile.
# Buttons.
files-save-vcard = Save as vCard…
files-save-jscontact = Save as JSContact…
