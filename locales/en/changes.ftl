## What changed since the request the person last answered with a grant
## (crates/tessera-exchange/src/changes.rs), shown above the review and by `tessera request show
## --diff`. $field is a field (its code in the CLI, email; the app's words in the app, Email),
## $form, $before and $now forms (age_over_18; Over 18 (yes/no)), $purpose a purpose (its id in
## the CLI, orders; in the app change-purpose-quoted around the brand's description of it),
## $promise a promise in the brand's words.

change-field-added = new field: { $field }, as { $form }
change-field-dropped = no longer asked: { $field }
change-form-finer = { $field } is asked as { $now }, finer than { $before } before
change-form-coarser = { $field } is asked as { $now }, coarser than { $before } before
change-now-required = { $field } is now required
change-no-longer-required = { $field } is now optional
change-purpose-added = new purpose: { $purpose }
change-purpose-dropped = purpose no longer given: { $purpose }
change-purpose-reworded = the purpose { $purpose } is described in other words
# $before and $now are numbers of days.
change-retention-longer = { $purpose } keeps the data { $now ->
        [one] one day
       *[other] { $now } days
    }, longer than { $before ->
        [one] one day
       *[other] { $before } days
    } before
change-retention-shorter = { $purpose } keeps the data { $now ->
        [one] one day
       *[other] { $now } days
    }, shorter than { $before ->
        [one] one day
       *[other] { $before } days
    } before
change-third-parties-on = { $purpose } now shares the data with third parties
change-third-parties-off = { $purpose } no longer shares the data with third parties
change-profiling-on = { $purpose } now uses the data for profiling
change-profiling-off = { $purpose } no longer uses the data for profiling
change-offer-added = the brand now offers something in exchange
change-offer-changed = the brand's offer changed
change-offer-withdrawn = the brand no longer offers anything in exchange
change-promise-added = new promise: never { $promise }
change-promise-dropped = promise dropped: never { $promise }
# A purpose named in the app by the brand's description of it ("Deliver your orders").
change-purpose-quoted = “{ $purpose }”
