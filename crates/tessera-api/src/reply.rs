//! How the person sends a grant or a revocation back: the way the brand's request asked
//! (`reply.method`): a file, an email, or the brand's web page. Tessera itself never sends
//! anything: it saves a file, or hands the person's mail client a draft (`mailto:`) or their
//! browser a page, and only when the person clicks. The links are made here from what the vault
//! holds, never from what the webview says, and only to the brand's own address: a `mailto:`
//! whose address is percent-encoded (no header can be slipped in), an `https:` page.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use tessera_exchange::formats::RequestClaims;
use tessera_exchange::person;
use ts_rs::TS;

use crate::{ApiError, ApiErrorCode, Session};

/// A `mailto:` longer than this leaves the token out of the body (the person attaches the
/// saved file instead): mail clients and desktops cut longer links.
pub const MAX_MAILTO_CHARS: usize = 16 * 1024;

/// Characters left as they are in a `mailto:` address and in its query values (RFC 6068: the
/// unreserved set, and `@` in the address).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What is sent back: the grant, or its revocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReplyItem {
    Grant,
    Revocation,
}

/// How to send a grant or a revocation back, as the brand asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "method", rename_all = "snake_case")]
#[ts(export)]
pub enum ReplyPath {
    /// Save the file and send it the way agreed with the brand.
    File,
    /// A draft to the brand's address in the person's mail client; the token is in its body
    /// unless too long (then the person attaches the saved file).
    Email { to: String, token_in_body: bool },
    /// The brand's page, opened in the browser with the token after its `#` (which the browser
    /// never sends anywhere; the brand's page reads it).
    Page { url: String },
}

/// A reply ready to hand over: the path, and the link to open for it (none for a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub path: ReplyPath,
    pub link: Option<String>,
}

/// The reply to `claims`' brand carrying `token` (a grant or a revocation, `what`):
/// what the request's `reply` asks for, refused with what is wrong when its address cannot be
/// used (an email address that is not one, a page that is not https).
pub fn reply_for(claims: &RequestClaims, token: &str, what: ReplyItem) -> Result<Reply, ApiError> {
    let to = claims.reply.to.as_deref().unwrap_or_default();
    match claims.reply.method.as_str() {
        "email" => {
            let (local, domain) = to
                .split_once('@')
                .ok_or_else(|| unusable(to, Address::Email))?;
            if local.is_empty() || domain.is_empty() || domain.contains('@') {
                return Err(unusable(to, Address::Email));
            }
            let address = format!(
                "{}@{}",
                utf8_percent_encode(local, KEEP),
                utf8_percent_encode(domain, KEEP)
            );
            let jti = claims.jti.clone();
            let (subject, intro) = match what {
                ReplyItem::Grant => (
                    tessera_text::text!("api-reply-subject-grant", request = jti.clone()),
                    tessera_text::text!("api-reply-intro-grant", request = jti),
                ),
                ReplyItem::Revocation => (
                    tessera_text::text!("api-reply-subject-revocation", request = jti.clone()),
                    tessera_text::text!("api-reply-intro-revocation", request = jti),
                ),
            };
            let draft = |body: &str| {
                format!(
                    "mailto:{address}?subject={}&body={}",
                    utf8_percent_encode(&subject, KEEP),
                    utf8_percent_encode(body, KEEP)
                )
            };
            let with_token = draft(&format!("{intro}\n\n{}\n", token.trim()));
            let (link, token_in_body) = if with_token.len() <= MAX_MAILTO_CHARS {
                (with_token, true)
            } else {
                let attached = match what {
                    ReplyItem::Grant => tessera_text::text!("api-reply-attached-grant"),
                    ReplyItem::Revocation => tessera_text::text!("api-reply-attached-revocation"),
                };
                let body = format!("{intro}\n\n{attached}\n");
                (draft(&body), false)
            };
            Ok(Reply {
                path: ReplyPath::Email {
                    to: to.to_owned(),
                    token_in_body,
                },
                link: Some(link),
            })
        }
        "url" => {
            let mut page = url::Url::parse(to).map_err(|_| unusable(to, Address::Web))?;
            if page.scheme() != "https" || page.host_str().is_none_or(str::is_empty) {
                return Err(unusable(to, Address::Https));
            }
            page.set_fragment(None);
            let url = page.to_string();
            page.set_fragment(Some(&format!("tessera={}", token.trim())));
            Ok(Reply {
                path: ReplyPath::Page { url },
                link: Some(page.to_string()),
            })
        }
        _ => Ok(Reply {
            path: ReplyPath::File,
            link: None,
        }),
    }
}

/// A grant or revocation as a QR code, to show a brand's device in person: an SVG image (no
/// text of anyone's in it), or none and why, when the token is more than one code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QrView {
    pub svg: Option<String>,
    /// The token's length in bytes.
    pub bytes: u32,
    /// Why there is no code, when there is none.
    pub too_long: Option<String>,
}

/// The most bytes one QR code holds (version 40, byte mode, error correction level L).
pub const MAX_QR_BYTES: usize = 2953;

/// `token` as one QR code: at error correction level M (a code still read when partly
/// damaged or glared) when it fits, else L; none, with the reason, when even L cannot hold it.
pub fn qr_of(token: &str) -> QrView {
    use qrcode::render::svg;
    let token = token.trim();
    let bytes = token.len().try_into().unwrap_or(u32::MAX);
    match qr_code(token) {
        Ok(code) => QrView {
            svg: Some(
                code.render::<svg::Color<'_>>()
                    .min_dimensions(320, 320)
                    .quiet_zone(true)
                    .build(),
            ),
            bytes,
            too_long: None,
        },
        Err(_) => QrView {
            svg: None,
            bytes,
            too_long: Some(tessera_text::text!(
                "api-qr-too-long",
                bytes = bytes.to_string(),
                max = MAX_QR_BYTES.to_string()
            )),
        },
    }
}

/// The code [`qr_of`] draws.
fn qr_code(token: &str) -> qrcode::types::QrResult<qrcode::QrCode> {
    use qrcode::{EcLevel, QrCode};
    QrCode::with_error_correction_level(token, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(token, EcLevel::L))
}

/// What a brand's reply address should have been.
#[derive(Clone, Copy)]
enum Address {
    Email,
    Web,
    Https,
}

fn unusable(to: &str, what: Address) -> ApiError {
    let to = format!("{to:?}");
    ApiError::invalid_input(match what {
        Address::Email => tessera_text::text!("api-reply-not-email", to = to),
        Address::Web => tessera_text::text!("api-reply-not-web", to = to),
        Address::Https => tessera_text::text!("api-reply-not-https", to = to),
    })
}

impl Session {
    /// Grant `jti`'s token, or its revocation's, and what it is in words.
    fn reply_token(
        &self,
        jti: &str,
        item: ReplyItem,
    ) -> Result<(person::StoredGrant, String), ApiError> {
        let grant = person::grant(self.vault()?, jti)?.ok_or_else(|| {
            ApiError::new(
                ApiErrorCode::NotFound,
                tessera_text::text!("error-exchange-unknown-grant", id = jti.to_owned()),
            )
        })?;
        let token = match item {
            ReplyItem::Grant => grant.token.clone(),
            ReplyItem::Revocation => grant.revocation.clone().ok_or_else(|| {
                ApiError::invalid_input(tessera_text::text!(
                    "api-grant-not-revoked",
                    id = jti.to_owned()
                ))
            })?,
        };
        Ok((grant, token))
    }

    /// Grant `jti` (or its revocation) as a QR code ([`qr_of`]).
    pub fn reply_qr(&self, jti: &str, item: ReplyItem) -> Result<QrView, ApiError> {
        Ok(qr_of(&self.reply_token(jti, item)?.1))
    }

    /// How grant `jti` (or its revocation) goes back to its brand, and the link to open.
    pub fn reply(&self, jti: &str, item: ReplyItem) -> Result<Reply, ApiError> {
        let (grant, token) = self.reply_token(jti, item)?;
        let vault = self.vault()?;
        let request = person::requests_of(vault, &grant.brand)?
            .into_iter()
            .find(|r| r.jti == grant.request)
            .ok_or_else(|| {
                ApiError::new(
                    ApiErrorCode::NotFound,
                    tessera_text::text!("api-reply-request-gone", id = jti.to_owned()),
                )
            })?;
        // Stored requests were verified when imported.
        let claims: RequestClaims = tessera_exchange::jws::peek_payload(&request.token)
            .ok_or_else(|| {
                ApiError::new(
                    ApiErrorCode::Internal,
                    tessera_text::text!("api-stored-request-unreadable"),
                )
            })?;
        reply_for(&claims, &token, item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(method: &str, to: Option<&str>) -> RequestClaims {
        serde_json::from_value(serde_json::json!({
            "iss": "https://shop.example", "jti": "req 1", "iat": 0, "exp": 1,
            "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "p@shop.example"},
            "fields": [], "purposes": [],
            "reply": {"method": method, "to": to}
        }))
        .unwrap()
    }

    #[test]
    fn an_email_reply_is_a_draft_to_the_brand_with_the_token_in_its_body() {
        let reply = reply_for(
            &claims("email", Some("grants@shop.example")),
            "a.b.c",
            ReplyItem::Grant,
        )
        .unwrap();
        assert_eq!(
            reply.path,
            ReplyPath::Email {
                to: "grants@shop.example".into(),
                token_in_body: true
            }
        );
        let link = reply.link.unwrap();
        assert!(
            link.starts_with("mailto:grants@shop.example?subject=My%20grant%20for%20your%20request%20req%201&body="),
            "{link}"
        );
        assert!(link.contains("%0A%0Aa.b.c%0A"), "{link}");
    }

    #[test]
    fn an_address_cannot_add_recipients_or_headers() {
        for to in ["a@b.example?cc=evil", "a@b.example&bcc=x", "a,b@c.example"] {
            let link = reply_for(&claims("email", Some(to)), "t", ReplyItem::Grant)
                .unwrap()
                .link
                .unwrap();
            let (address, query) = link.trim_start_matches("mailto:").split_once('?').unwrap();
            assert!(!address.contains(['?', '&', ',', '=']), "{link}");
            assert!(
                query.starts_with("subject=") && query.matches('&').count() == 1,
                "{link}"
            );
        }
        for to in [
            "no-at-sign",
            "@shop.example",
            "a@",
            "a@b@c",
            "a@b.example?cc=evil@x.example",
        ] {
            assert!(
                reply_for(&claims("email", Some(to)), "t", ReplyItem::Grant).is_err(),
                "{to}"
            );
        }
    }

    #[test]
    fn a_long_token_is_attached_instead() {
        let token = "x".repeat(MAX_MAILTO_CHARS);
        let reply = reply_for(
            &claims("email", Some("g@shop.example")),
            &token,
            ReplyItem::Grant,
        )
        .unwrap();
        assert_eq!(
            reply.path,
            ReplyPath::Email {
                to: "g@shop.example".into(),
                token_in_body: false
            }
        );
        let link = reply.link.unwrap();
        assert!(
            !link.contains(&token) && link.contains("attached"),
            "{}",
            link.len()
        );
    }

    #[test]
    fn a_page_reply_is_the_https_page_with_the_token_after_its_hash() {
        let reply = reply_for(
            &claims("url", Some("https://shop.example/tessera?x=1#old")),
            "a.b.c",
            ReplyItem::Grant,
        )
        .unwrap();
        assert_eq!(
            reply.path,
            ReplyPath::Page {
                url: "https://shop.example/tessera?x=1".into()
            }
        );
        assert_eq!(
            reply.link.as_deref(),
            Some("https://shop.example/tessera?x=1#tessera=a.b.c")
        );
        for to in [
            "http://shop.example/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "shop.example",
        ] {
            let err = reply_for(&claims("url", Some(to)), "t", ReplyItem::Grant).unwrap_err();
            assert!(err.message.contains("save the file"), "{to}: {err:?}");
        }
    }

    /// Reads a code back as a phone would see it: each module 4 pixels, quiet zone included.
    fn read_back(token: &str) -> String {
        use qrcode::Color;
        let code = qr_code(token).unwrap();
        let (width, colors) = (code.width(), code.to_colors());
        let (scale, quiet) = (4, 4);
        let size = (width + 2 * quiet) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            let dark = mx < width && my < width && colors[my * width + mx] == Color::Dark;
            if dark { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn a_short_token_is_one_qr_code_that_reads_back_and_a_long_one_is_said_too_long() {
        for len in [300, 2300, MAX_QR_BYTES] {
            let token: String = (0..len)
                .map(|i| if i % 61 == 60 { '.' } else { 'a' })
                .collect();
            let view = qr_of(&token);
            assert_eq!(view.bytes as usize, len);
            let svg = view.svg.expect("fits");
            assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
            assert_eq!(read_back(&token), token, "{len} bytes");
        }
        let view = qr_of(&"a".repeat(MAX_QR_BYTES + 1));
        assert_eq!(view.svg, None);
        assert!(
            view.too_long
                .unwrap()
                .contains("more than one QR code holds (2953)")
        );
    }

    #[test]
    fn a_file_reply_opens_nothing() {
        let reply = reply_for(&claims("file", None), "t", ReplyItem::Grant).unwrap();
        assert_eq!((reply.path, reply.link), (ReplyPath::File, None));
    }
}
