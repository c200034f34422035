//! A strength hint for new passphrases (zxcvbn). Advice only: the hard rule is
//! [`crate::secret::MIN_PASSPHRASE_CHARS`].

use crate::secret::Passphrase;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrengthHint {
    /// 0 (guessable in seconds) to 4 (very hard to guess).
    pub score: u8,
    /// Estimated time to guess offline at 10^4 guesses per second (a slow hash like ours).
    pub crack_time: String,
    /// Advice in plain words; empty when there is nothing to add.
    pub suggestions: Vec<String>,
}

/// The words a person reads for a score, 0 (`Very weak`) to 4 (`Very strong`).
pub fn score_label(score: u8) -> String {
    match score {
        0 => tessera_text::text!("vault-strength-very-weak"),
        1 => tessera_text::text!("vault-strength-weak"),
        2 => tessera_text::text!("vault-strength-fair"),
        3 => tessera_text::text!("vault-strength-strong"),
        _ => tessera_text::text!("vault-strength-very-strong"),
    }
}

pub fn estimate(passphrase: &Passphrase) -> StrengthHint {
    if passphrase.is_empty() {
        return StrengthHint {
            score: 0,
            crack_time: tessera_text::text!("vault-strength-instant"),
            suggestions: vec![tessera_text::text!("vault-strength-type-one")],
        };
    }
    let entropy = zxcvbn::zxcvbn(passphrase.expose(), &[]);
    let mut suggestions = Vec::new();
    if let Some(feedback) = entropy.feedback() {
        if let Some(warning) = feedback.warning() {
            suggestions.push(warning.to_string());
        }
        suggestions.extend(feedback.suggestions().iter().map(|s| s.to_string()));
    }
    StrengthHint {
        score: u8::from(entropy.score()),
        crack_time: entropy
            .crack_times()
            .offline_slow_hashing_1e4_per_second()
            .to_string(),
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_strong_are_told_apart() {
        let weak = estimate(&Passphrase::from_str_copy("password1"));
        let strong = estimate(&Passphrase::from_str_copy(
            "violet tractor mumbles quietly 1987",
        ));
        assert!(weak.score <= 1, "{weak:?}");
        assert!(strong.score >= 3, "{strong:?}");
        assert!(!weak.suggestions.is_empty());
    }

    #[test]
    fn every_score_has_its_words() {
        let labels: Vec<String> = (0..=4).map(score_label).collect();
        assert_eq!(
            labels,
            ["Very weak", "Weak", "Fair", "Strong", "Very strong"]
        );
    }
}
