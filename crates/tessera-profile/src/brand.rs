//! Brand identifiers: an https origin. A bare domain is accepted and means its https origin.

use std::fmt;

use crate::{ProfileError, Result};

/// A normalized brand identifier: `https://host[:port]`, lowercase, no path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BrandId(String);

impl BrandId {
    pub fn parse(input: &str) -> Result<BrandId> {
        let bad = |reason: String| ProfileError::InvalidBrand {
            input: input.to_owned(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(bad(tessera_text::text!("error-profile-brand-empty")));
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let url = url::Url::parse(&with_scheme).map_err(|e| bad(e.to_string()))?;
        if url.scheme() != "https" {
            return Err(bad(tessera_text::text!("error-profile-brand-not-https")));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(tessera_text::text!("error-profile-brand-has-user")));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(bad(tessera_text::text!("error-profile-brand-not-origin")));
        }
        let Some(host) = url.host_str() else {
            return Err(bad(tessera_text::text!("error-profile-brand-no-host")));
        };
        if !host.contains('.') && host != "localhost" {
            return Err(bad(tessera_text::text!("error-profile-brand-host-no-dot")));
        }
        Ok(BrandId(url.origin().ascii_serialization()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn host(&self) -> &str {
        let rest = self.0.trim_start_matches("https://");
        rest.split(':').next().unwrap_or(rest)
    }

    /// The host with dots as hyphens, for email aliases: `shop-example-com`.
    pub fn slug(&self) -> String {
        self.host().replace('.', "-")
    }
}

impl fmt::Display for BrandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_domains_and_origins() {
        for input in [
            "shop.example",
            "https://Shop.Example/",
            "  https://shop.example  ",
        ] {
            assert_eq!(
                BrandId::parse(input).unwrap().as_str(),
                "https://shop.example"
            );
        }
        assert_eq!(
            BrandId::parse("https://shop.example:8443")
                .unwrap()
                .as_str(),
            "https://shop.example:8443"
        );
        assert_eq!(
            BrandId::parse("https://shop.example:8443").unwrap().slug(),
            "shop-example"
        );
        // Internationalized names become their ASCII (punycode) form.
        assert_eq!(
            BrandId::parse("bücher.example").unwrap().as_str(),
            "https://xn--bcher-kva.example"
        );
    }

    #[test]
    fn refuses_what_is_not_an_https_origin() {
        for (input, reason) in [
            ("", "empty"),
            ("http://shop.example", "https origin"),
            ("https://shop.example/path", "origin only"),
            ("https://shop.example/?q=1", "origin only"),
            ("https://user:pw@shop.example", "user name"),
            ("shop", "needs a dot"),
            ("https://", "empty host"),
        ] {
            let err = BrandId::parse(input).unwrap_err().to_string();
            assert!(err.contains(reason), "{input:?}: {err}");
        }
    }
}
