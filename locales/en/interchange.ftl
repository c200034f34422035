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
