//! Where did my address leak from: the brand whose per-brand email alias an address is.
//!
//! With an alias pattern (`me+{brand}@example.com`), each brand gets an address of its own:
//! `email_alias` fills in the brand's slug, `email_alias_token` a token derived from the vault
//! ([`tessera_profile::store::alias_token`]). An address a message came to (typed, or read
//! from a pasted message header) names the brand that was given it, and what that brand
//! promised.

use tessera_profile::BrandId;
use tessera_profile::forms::FormKind;

/// The addresses in `text`: those of a pasted message header's recipient fields (`To`, `Cc`,
/// `Delivered-To`, `X-Original-To`, `Envelope-To`, `Resent-To`), or the text itself when it is
/// one address. Lowercased, once each, in order.
pub fn addresses_in(text: &str) -> Vec<String> {
    const RECIPIENTS: [&str; 7] = [
        "to",
        "cc",
        "delivered-to",
        "x-original-to",
        "envelope-to",
        "resent-to",
        "x-forwarded-to",
    ];
    let text = text.trim();
    let mut out: Vec<String> = Vec::new();
    let mut add = |a: &str| {
        let a = a.trim().trim_matches(['<', '>']).to_lowercase();
        if a.contains('@') && !out.contains(&a) {
            out.push(a);
        }
    };
    if !text.contains('\n') && !text.contains(':') {
        add(text);
        return out;
    }
    // A header block ends at its first empty line; add one so that the last header is read.
    let block = format!("{text}\r\n\r\n");
    let Ok((headers, _)) = mailparse::parse_headers(block.as_bytes()) else {
        return out;
    };
    for h in headers
        .iter()
        .filter(|h| RECIPIENTS.contains(&h.get_key().to_lowercase().as_str()))
    {
        let Ok(list) = mailparse::addrparse_header(h) else {
            continue;
        };
        for addr in list.iter() {
            match addr {
                mailparse::MailAddr::Single(s) => add(&s.addr),
                mailparse::MailAddr::Group(g) => g.addrs.iter().for_each(|s| add(&s.addr)),
            }
        }
    }
    out
}

/// One brand an address is the alias of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasMatch {
    pub address: String,
    pub brand: String,
    /// `email_alias` (the brand's slug) or `email_alias_token`.
    pub form: FormKind,
}

/// Which of `brands` (each with its alias token) `addresses` are the alias of, under the
/// person's alias `pattern`.
pub fn trace(addresses: &[String], pattern: &str, brands: &[(BrandId, String)]) -> Vec<AliasMatch> {
    let mut out = Vec::new();
    for address in addresses {
        for (brand, token) in brands {
            for (form, filler) in [
                (FormKind::EmailAlias, brand.slug()),
                (FormKind::EmailAliasToken, token.clone()),
            ] {
                if pattern.replace("{brand}", &filler).to_lowercase() == *address {
                    out.push(AliasMatch {
                        address: address.clone(),
                        brand: brand.as_str().to_owned(),
                        form,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_from_a_header_or_taken_as_typed() {
        assert_eq!(
            addresses_in(" Me+Shop-Example@Example.com "),
            ["me+shop-example@example.com"]
        );
        let header = "Return-Path: <bounce@spam.example>\r\n\
            Delivered-To: me+0a1b2c3d4e5f@example.com\r\n\
            From: Deals <deals@spam.example>\r\n\
            To: \"Me\" <me+shop-example@example.com>, other@example.org\r\n\
            Subject: You won\r\n";
        assert_eq!(
            addresses_in(header),
            [
                "me+0a1b2c3d4e5f@example.com",
                "me+shop-example@example.com",
                "other@example.org"
            ],
            "recipients only, never the sender"
        );
        // Folded header lines, a group, and a message body after the headers.
        let folded = "To: a@x.example,\n b@x.example\nCc: friends: c@x.example;\nSubject: hi\n\nTo: d@x.example\n";
        assert_eq!(
            addresses_in(folded),
            ["a@x.example", "b@x.example", "c@x.example"]
        );
        assert!(addresses_in("no address here").is_empty());
        assert!(addresses_in("Subject: nothing\n").is_empty());
    }

    #[test]
    fn an_alias_names_its_brand_by_slug_or_token() {
        let shop = BrandId::parse("https://shop.example").unwrap();
        let books = BrandId::parse("https://books.example").unwrap();
        let brands = [
            (shop, "0a1b2c3d4e5f".to_owned()),
            (books, "ffeeddccbbaa".to_owned()),
        ];
        let found = trace(
            &[
                "me+shop-example@example.com".into(),
                "me+ffeeddccbbaa@example.com".into(),
                "me@example.com".into(),
            ],
            "Me+{brand}@Example.com",
            &brands,
        );
        let said: Vec<(&str, &str, String)> = found
            .iter()
            .map(|m| (m.address.as_str(), m.brand.as_str(), m.form.name()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "me+shop-example@example.com",
                    "https://shop.example",
                    "email_alias".into()
                ),
                (
                    "me+ffeeddccbbaa@example.com",
                    "https://books.example",
                    "email_alias_token".into()
                )
            ]
        );
    }
}
