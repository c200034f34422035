## Passphrase: the strength meter's words for a new passphrase (ui/src/screens/PassphraseStrength.svelte,
## ui/src/lib/strength.ts). Advice only; the hard rule is the minimum length.

# $count is the fewest characters a passphrase may have.
passphrase-too-short =
    Too short: use at least { $count ->
        [one] { $count } character
       *[other] { $count } characters
    }
# $label is the strength in words, from Rust ("Weak", "Very strong"); $time how long guessing it would
# take, from Rust ("3 hours", "centuries"). Rust's suggestions may follow on the next line.
passphrase-strength = { $label }. Time to guess it from a stolen copy of your vault: { $time }
