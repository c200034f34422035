## Errors as the app shows them (ui/src/lib/api.ts): the core's message says what is wrong;
## the app adds what to do about it in its own terms, for some codes.

# $message: the core's message (no full stop at its end); $advice: one of the sentences below.
error-with-advice = { $message }. { $advice }
error-advice-key_changed = Once the brand has confirmed the new fingerprint, tick “trust the new key” and import again.
error-advice-confirmation_required = Confirm its category in the dialog to share it.
error-advice-unknown_brand = Add the brand under Brands first.
# What failed gave no message Tessera knows how to read.
error-unexpected = Unexpected error
