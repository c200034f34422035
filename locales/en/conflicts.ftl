## Where a request goes against the person's terms (crates/tessera-exchange/src/conflicts.rs),
## shown above the review's fields and by `tessera request show`. $purpose is the purpose (its
## description in the app, its id in the CLI), $fields the fields that serve it, comma-separated.

conflict-sharing = { $purpose } shares the data with third parties, which your terms forbid: approving { $fields } lets it.
conflict-profiling = { $purpose } uses the data for profiling, which your terms forbid: approving { $fields } lets it.
# $days and $max are numbers of days.
conflict-retention = { $purpose } keeps the data { $days ->
        [one] one day
       *[other] { $days } days
    }, longer than the { $max ->
        [one] one day
       *[other] { $max } days
    } your terms accept: approving { $fields } lets it.
