## The words for Tessera's codes, which the webview reads through the `vocabulary` command
## (crates/tessera-api/src/profile.rs, `vocabulary`) and the CLI prints. Each id is the code's
## family and the code itself (`ledger-event-grant_issued`): the codes are stable, see the enums named.

# Sensitivity of a field that is in no special category.
sensitivity-standard = Standard

## RuleState (crates/tessera-api/src/profile.rs)

rule-state-allowed = Allowed
rule-state-expired = Expired
rule-state-denied = Denied

## ImportAction (crates/tessera-api/src/profile.rs)

import-action-add = Add
import-action-replace = Replace
import-action-unchanged = Unchanged

## GrantState (crates/tessera-api/src/exchange.rs)

grant-state-active = Active
grant-state-expiring = Expiring
grant-state-expired = Expired
grant-state-revoked = Revoked

## LockReason (crates/tessera-api/src/types.rs)

lock-reason-idle = Tessera locked itself after a period of inactivity.
lock-reason-sleep = Tessera locked itself because the computer went to sleep.
lock-reason-screen_lock = Tessera locked itself because the screen was locked.

## Format (crates/tessera-profile/src/interchange/mod.rs)

format-vcard = vCard
format-jscontact = JSContact

## OptIn (crates/tessera-profile/src/interchange/mod.rs)

opt-in-notes = Also import notes (private, never shared)
opt-in-categories = Also import categories as interests

## LedgerEvent (crates/tessera-exchange/src/ledger.rs)

ledger-event-request_imported = Request received
ledger-event-request_rejected = Request refused by a check
ledger-event-key_pinned = Brand key pinned
ledger-event-key_retrusted = New brand key trusted
ledger-event-grant_issued = Grant issued
ledger-event-request_denied = Request denied
ledger-event-grant_exported = Grant exported
ledger-event-grant_revoked = Grant revoked
ledger-event-receipt_imported = Receipt received
ledger-event-rule_changed = Rule changed
ledger-event-vault_restore_accepted = Older vault accepted
ledger-event-vault_restored = Restored from a backup
ledger-event-brand_removed = Brand removed
ledger-event-letter_sent = Letter written
ledger-event-letter_replied = Reply to a letter received

## RequestStatus (crates/tessera-exchange/src/person.rs)

request-status-pending = pending
request-status-approved = approved
request-status-denied = denied

## Category (crates/tessera-profile/src/catalogue.rs)

category-identity = Identity
category-contact = Contact
category-address = Address
category-demographics = Demographics
category-locale = Language and time
category-preferences = Preferences
category-sizes = Sizes
category-interests = Interests
category-communication = Communication
category-household = Household
category-health = Health
category-custom = Custom

## SpecialCategory (crates/tessera-profile/src/catalogue.rs)

special-category-health = health
special-category-belief = religious or philosophical beliefs
special-category-politics = political opinions
special-category-trade_union = trade-union membership
special-category-ethnicity = racial or ethnic origin
special-category-sexuality = sex life or sexual orientation
special-category-genetic = genetic data
special-category-biometric = biometric data

## FormKind (crates/tessera-profile/src/forms.rs): how much of a value a brand receives.

form-raw = Exact value
# $age: the age threshold (13, 16, 18, 21, 65).
form-age_over = Over { $age } (yes/no)
form-age_in_years = Age in years
form-age_birth_year = Birth year
form-age_range = Age range
form-country = Country only
form-region = Region only
form-locality = City only
form-postal_code_prefix = Postal code prefix
form-email_alias = Per-brand email alias
form-email_alias_token = Per-brand email alias, not naming the brand
