//! What the CLI prints with `--json` after a command that changes something and returns no
//! other boundary type: boundary types too, so that everything crossing `--json` is defined
//! here in `tessera-api`. The desktop app does not use them (its commands return the values
//! themselves), so they have no TypeScript twins.
//!
//! Members are declared in alphabetical order, the order the CLI has always printed them in
//! (they were `serde_json::Value` maps, which sort their keys).

use std::path::PathBuf;

use serde::{Serialize, Serializer};

use crate::ApiError;
use crate::profile::{Format, ImportPlanView};

/// `tessera profile rm --json`: how many values were removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValuesRemoved {
    pub removed: u32,
}

/// `tessera profile export --out FILE --json`: where the export went, and that it is not
/// encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileWritten {
    pub encrypted: bool,
    pub format: Format,
    pub written: PathBuf,
}

/// `tessera profile import --json`: the plan shown, and how many values were applied (0 for
/// a dry run, a refusal or a file whose card is not chosen yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub applied: u32,
    #[serde(serialize_with = "members_sorted")]
    pub plan: ImportPlanView,
}

/// The plan with the members of its objects in alphabetical order, as this output has always
/// printed it.
fn members_sorted<S: Serializer>(plan: &ImportPlanView, serializer: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(plan)
        .map_err(serde::ser::Error::custom)?
        .serialize(serializer)
}

/// `tessera brand revoke --json`: how many rules were revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulesRevoked {
    pub revoked: u32,
}

/// `tessera grant revoke --json`: the revoked grant's id and the revocation to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantRevoked {
    pub revocation: String,
    pub revoked: String,
}

/// Any failed command with `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub error: ApiError,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &impl Serialize) -> String {
        serde_json::to_string(value).unwrap()
    }

    /// Each is printed exactly as the `json!` envelope the CLI printed before it had a type.
    #[test]
    fn outcomes_print_as_the_cli_always_printed_them() {
        assert_eq!(
            text(&ValuesRemoved { removed: 2 }),
            text(&json!({ "removed": 2 }))
        );
        let path = PathBuf::from("/tmp/profile.vcf");
        assert_eq!(
            text(&ProfileWritten {
                encrypted: false,
                format: Format::VCard,
                written: path.clone(),
            }),
            text(&json!({ "written": path, "format": Format::VCard.name(), "encrypted": false }))
        );
        assert_eq!(
            text(&RulesRevoked { revoked: 3 }),
            text(&json!({ "revoked": 3 }))
        );
        assert_eq!(
            text(&GrantRevoked {
                revocation: "e.y.j".into(),
                revoked: "g-1".into(),
            }),
            text(&json!({ "revoked": "g-1", "revocation": "e.y.j" }))
        );
        let error = ApiError::missing_input("no");
        assert_eq!(
            text(&ErrorReport {
                error: error.clone()
            }),
            text(&json!({ "error": error }))
        );
        let plan = ImportPlanView {
            file: "contacts.vcf".into(),
            format: Format::VCard,
            cards: vec![crate::profile::ImportCardView {
                index: 1,
                name: Some("Ada".into()),
                details: vec!["ada@example.org".into()],
            }],
            card: None,
            needs_card_choice: false,
            changes: vec![],
            skipped: vec![],
            notes: vec!["read as UTF-8".into()],
            opt_in: vec![],
            region: None,
            adds: 0,
            replacements: 0,
            unchanged: 0,
            writes: 0,
        };
        assert_eq!(
            text(&ImportOutcome {
                applied: 0,
                plan: plan.clone(),
            }),
            text(&json!({ "plan": plan, "applied": 0 }))
        );
    }
}
