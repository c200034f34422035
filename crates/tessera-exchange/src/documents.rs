//! What a brand hands the person to open in Tessera: request and receipt files, with their own
//! extensions and media types, and `tessera:` links carrying the same compact tokens (which are
//! URL-safe as they are). Defined once here, in [`OPENABLE`] and [`URL_SCHEME`]; the desktop
//! entry, the shared-mime-info file, the app's bundle configuration, the brand kit's default
//! file names and `docs/formats/links.md` follow from it (and are checked against it).

use crate::formats::{self, TokenKind};
use crate::jws::{self, JwsError};

/// Which of the openable documents a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenableKind {
    /// A brand's signed request: opened for review.
    Request,
    /// A brand's receipt for a grant: recorded on that grant.
    Receipt,
}

/// One kind of document the person's desktop opens with Tessera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Openable {
    pub kind: OpenableKind,
    /// The token's `typ` header.
    pub typ: &'static str,
    /// The file extension, without its dot.
    pub extension: &'static str,
    /// The media type (in the unregistered `vnd.` tree, with the `+jwt` suffix of RFC 8417).
    pub media_type: &'static str,
    /// How file managers name the type.
    pub description: &'static str,
}

/// Every openable document, in the order they are listed.
// not words: `description` names the type in the shared-mime-info file and docs/formats/links.md
pub const OPENABLE: [Openable; 2] = [
    Openable {
        kind: OpenableKind::Request,
        typ: formats::Request::TYP,
        extension: "tessera-request",
        media_type: "application/vnd.tessera.request+jwt",
        description: "Tessera request from a brand",
    },
    Openable {
        kind: OpenableKind::Receipt,
        typ: formats::Receipt::TYP,
        extension: "tessera-receipt",
        media_type: "application/vnd.tessera.receipt+jwt",
        description: "Tessera receipt from a brand",
    },
];

impl OpenableKind {
    pub fn openable(self) -> &'static Openable {
        OPENABLE
            .iter()
            .find(|o| o.kind == self)
            .expect("every kind is in OPENABLE")
    }
}

/// The URL scheme of links to Tessera: `tessera:` followed by the compact token.
pub const URL_SCHEME: &str = "tessera";

/// The longest link read: the scheme, its colon and the longest token.
pub const MAX_LINK_BYTES: usize = URL_SCHEME.len() + 1 + jws::MAX_TOKEN_BYTES;

/// The link that carries `token`.
pub fn link(token: &str) -> String {
    format!("{URL_SCHEME}:{}", token.trim())
}

/// Whether `text` is meant as a `tessera:` link (its scheme, in any case), rather than a path.
pub fn is_link(text: &str) -> bool {
    let text = text.trim_start();
    text.len() > URL_SCHEME.len()
        && text.as_bytes()[URL_SCHEME.len()] == b':'
        && text[..URL_SCHEME.len()].eq_ignore_ascii_case(URL_SCHEME)
}

/// The token a `tessera:` link carries, refused with what is wrong before any parsing of the
/// token itself: not a `tessera:` link, too long, empty, or with a character no compact token
/// holds (a link cut or altered on its way, e.g. by a mail client).
pub fn token_of_link(link: &str) -> Result<&str, JwsError> {
    let link = link.trim();
    if link.len() > MAX_LINK_BYTES {
        return Err(JwsError::TooLarge(link.len()));
    }
    if !is_link(link) {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-link-scheme",
            scheme = URL_SCHEME
        )));
    }
    let token = &link[URL_SCHEME.len() + 1..];
    if token.is_empty() {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-link-empty",
            scheme = URL_SCHEME
        )));
    }
    if let Some((at, c)) = token
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-link-character",
            scheme = URL_SCHEME,
            character = format!("{c:?}"),
            position = (URL_SCHEME.len() + 2 + at).to_string()
        )));
    }
    Ok(token)
}

/// Which openable document `token` says it is (its header, NOT verified: the verifier of that
/// kind checks it). Tokens of the person's own kinds (grants, revocations, ledger exports) are
/// refused: Tessera writes those for brands, nobody sends them to the person.
pub fn kind_of(token: &str) -> Result<OpenableKind, JwsError> {
    let Some(typ) = jws::peek_typ(token) else {
        // The verifier says precisely what is wrong with it.
        return Err(formats::verify_request(token, 0).err().unwrap_or_else(|| {
            JwsError::Malformed(tessera_text::text!("error-token-malformed-no-type"))
        }));
    };
    OPENABLE
        .iter()
        .find(|o| o.typ == typ)
        .map(|o| o.kind)
        .ok_or_else(|| JwsError::WrongType {
            expected: tessera_text::text!(
                "error-token-type-either",
                first = OPENABLE[0].typ,
                second = OPENABLE[1].typ
            ),
            found: typ,
        })
}

/// The table of openable documents in `docs/formats/links.md`.
// not words: the repository's docs
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| Document | `typ` header | File extension | Media type |\n|---|---|---|---|\n",
    );
    for o in &OPENABLE {
        table.push_str(&format!(
            "| {} | `{}` | `.{}` | `{}` |\n",
            o.description, o.typ, o.extension, o.media_type
        ));
    }
    table
}

/// The desktop entry's `MimeType=` value: every openable type, and links to the scheme.
pub fn desktop_mime_types() -> String {
    let mut types: Vec<String> = OPENABLE.iter().map(|o| o.media_type.to_owned()).collect();
    types.push(format!("x-scheme-handler/{URL_SCHEME}"));
    format!("{};", types.join(";"))
}

/// The shared-mime-info file the package installs (`/usr/share/mime/packages/`), which maps
/// each extension to its type on Linux desktops.
// not words: the package's shared-mime-info file
pub fn shared_mime_info_xml() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- Generated from OPENABLE in crates/tessera-exchange/src/documents.rs: do not edit. \
         The test generated_docs of tessera-exchange rewrites it when TESSERA_UPDATE_GENERATED=1. -->\n\
         <mime-info xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\">\n",
    );
    for o in &OPENABLE {
        xml.push_str(&format!(
            "  <mime-type type=\"{}\">\n    <comment>{}</comment>\n    <glob pattern=\"*.{}\"/>\n  </mime-type>\n",
            o.media_type, o.description, o.extension
        ));
    }
    xml.push_str("</mime-info>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_carries_its_token_and_nothing_else() {
        assert_eq!(token_of_link("tessera:aaa.bbb.ccc"), Ok("aaa.bbb.ccc"));
        assert_eq!(token_of_link(" TESSERA:a-_.b.c\n"), Ok("a-_.b.c"));
        assert_eq!(token_of_link(&link("x.y.z")), Ok("x.y.z"));
        for (bad, says) in [
            ("https://example.org/x.y.z", "starts with tessera:"),
            ("tessera:", "nothing after"),
            ("tessera:abc%20def", "'%' at character 12"),
            ("tessera:abc def", "' ' at character 12"),
            ("tesser:abc", "starts with tessera:"),
        ] {
            let err = token_of_link(bad).unwrap_err();
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
        let long = link(&"a".repeat(jws::MAX_TOKEN_BYTES + 1));
        assert_eq!(
            token_of_link(&long),
            Err(JwsError::TooLarge(long.len())),
            "refused by its length"
        );
    }

    #[test]
    fn only_requests_and_receipts_are_opened() {
        let key = crate::SigningKey::from_seed(&[3; 32]);
        let claims = serde_json::json!({"iat": 1});
        for (typ, kind) in [
            (formats::REQUEST_TYP, Ok(OpenableKind::Request)),
            (formats::RECEIPT_TYP, Ok(OpenableKind::Receipt)),
        ] {
            assert_eq!(kind_of(&key.sign(typ, &claims)), kind);
        }
        for typ in [
            formats::GRANT_TYP,
            formats::REVOCATION_TYP,
            formats::LEDGER_EXPORT_TYP,
        ] {
            let err = kind_of(&key.sign(typ, &claims)).unwrap_err();
            assert_eq!(err.code(), tessera_vault::ErrorCode::WrongType, "{err}");
            assert!(err.to_string().contains(formats::REQUEST_TYP), "{err}");
        }
        assert_eq!(
            kind_of("not a token").unwrap_err().code(),
            tessera_vault::ErrorCode::MalformedToken
        );
    }

    #[test]
    fn every_openable_kind_is_listed_once() {
        for kind in [OpenableKind::Request, OpenableKind::Receipt] {
            assert_eq!(OPENABLE.iter().filter(|o| o.kind == kind).count(), 1);
            assert_eq!(kind.openable().kind, kind);
        }
    }
}
