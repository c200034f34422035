//! The profile, brands and rules against a real vault.
//!
//! Table of contents:
//! - `values_*`: setting, labelling, primaries, replacing, removing; validation changes nothing.
//! - `custom_*`: custom fields classified by the person.
//! - `brands_*`: adding, duplicates, bad identifiers, search.
//! - `rules_*`: default deny, forms, sensitive confirmation, expiry, revoke in one action.
//! - `who_*`: who can see a field, and what a brand would receive.
//! - `canary_*`: values, labels and brand names are sealed on disk.

use jiff::civil::Date;
use serde_json::json;
use tessera_profile::BrandId;
use tessera_profile::catalogue::{Category, Sensitivity, SpecialCategory};
use tessera_profile::forms::FormKind;
use tessera_profile::store::{self, CustomSpec, SetValue};
use tessera_test_support::{TODAY, allow, contains_bytes, entered, set_values, vault, vault_dir};
use tessera_vault::Vault;

fn entry_count(v: &Vault) -> u32 {
    v.info()
        .unwrap()
        .entry_counts
        .iter()
        .map(|(_, c)| *c as u32)
        .sum()
}

/// Whether no brand may see `field` on [`TODAY`].
fn nobody_sees(v: &Vault, field: &str) -> bool {
    store::who_can_see(v, field, TODAY).unwrap().is_empty()
}

#[test]
fn values_of_every_kind_are_normalized_and_listed() {
    let (_t, mut v) = vault();
    for (field, input, stored) in [
        ("given_name", "Ada", "Ada"),
        ("email", "ada@example.com", "ada@example.com"),
        ("phone_number", "+44 20 7946 0018", "+442079460018"),
        ("birthdate", "1990-04-23", "1990-04-23"),
        ("gender", "Female", "female"),
        ("locale", "en_gb", "en-GB"),
        ("zoneinfo", "Europe/London", "Europe/London"),
        ("website", "https://ada.example", "https://ada.example/"),
        (
            "address",
            "1 High St; London; ; EC1A 1BB; gb",
            "1 High St, EC1A 1BB, London, GB",
        ),
        ("interests", "chess,  engines", "chess, engines"),
        ("clothing_size", "m", "M"),
        ("shoe_size", "eu 38", "EU 38"),
        ("contact_channel", "EMAIL", "email"),
        ("quiet_hours", "22:00-7:30", "22:00-07:30"),
        ("household_size", "2", "2"),
        ("allergies", "peanuts", "peanuts"),
    ] {
        let saved = store::set_value(&mut v, entered(field, input), TODAY).unwrap();
        assert_eq!(saved.value.display(), stored, "{field}");
        assert!(saved.primary);
    }
    let listed = store::list_values(&v).unwrap();
    assert_eq!(listed.len(), 16);
    assert_eq!(listed[0].field, "given_name", "catalogue order");
}

#[test]
fn values_several_emails_with_labels_and_one_primary() {
    let (_t, mut v) = vault();
    let home = SetValue {
        label: Some("home"),
        ..entered("email", "ada@home.example")
    };
    let work = SetValue {
        label: Some("work"),
        ..entered("email", "ada@work.example")
    };
    store::set_value(&mut v, home, TODAY).unwrap();
    store::set_value(&mut v, work.clone(), TODAY).unwrap();
    let emails = store::values_of(&v, "email").unwrap();
    assert_eq!(emails.len(), 2);
    assert!(emails[0].primary && emails[0].label.as_deref() == Some("home"));
    assert!(!emails[1].primary);

    // Making work primary demotes home; replacing by label keeps the count.
    store::set_value(
        &mut v,
        SetValue {
            primary: true,
            input: "ada@office.example",
            ..work
        },
        TODAY,
    )
    .unwrap();
    let emails = store::values_of(&v, "email").unwrap();
    assert_eq!(emails.len(), 2);
    assert_eq!(emails.iter().filter(|e| e.primary).count(), 1);
    assert_eq!(emails[0].value.display(), "ada@office.example");

    // Removing the primary promotes the other.
    assert_eq!(
        store::remove_values(&mut v, "email", Some("work")).unwrap(),
        1
    );
    let emails = store::values_of(&v, "email").unwrap();
    assert!(emails[0].primary && emails[0].label.as_deref() == Some("home"));
    let err = store::remove_values(&mut v, "email", Some("work")).unwrap_err();
    assert_eq!(err.code().as_str(), "not_found");
}

#[test]
fn values_invalid_input_is_refused_and_nothing_is_written() {
    let (_t, mut v) = vault();
    set_values(&mut v, &[("email", "ada@example.com")]);
    let before = entry_count(&v);
    for (req, code, words) in [
        (
            entered("email", "not-an-email"),
            "invalid_value",
            "not an email address",
        ),
        (
            entered("birthdate", "2030-01-01"),
            "invalid_value",
            "in the future",
        ),
        (
            entered("phone_number", "12345"),
            "invalid_value",
            "phone number",
        ),
        (entered("address", ";;;;XX"), "invalid_value", "ISO 3166-1"),
        (
            entered("favourite_colour", "blue"),
            "unknown_field",
            "custom.NAME",
        ),
        (
            SetValue {
                label: Some("x"),
                ..entered("birthdate", "1990-01-01")
            },
            "invalid_value",
            "one value",
        ),
        (
            SetValue {
                label: Some(""),
                ..entered("email", "a@b.example")
            },
            "invalid_input",
            "label",
        ),
        (
            entered("custom.Bad-Name", "x"),
            "invalid_value",
            "lowercase",
        ),
    ] {
        let err = store::set_value(&mut v, req, TODAY).unwrap_err();
        assert_eq!(err.code().as_str(), code, "{err}");
        assert!(err.to_string().contains(words), "{err}");
    }
    assert_eq!(entry_count(&v), before);
    assert_eq!(
        store::values_of(&v, "email").unwrap()[0].value.display(),
        "ada@example.com"
    );
}

#[test]
fn custom_fields_are_classified_by_the_person() {
    let (_t, mut v) = vault();
    set_values(&mut v, &[("custom.coffee_order", "flat white")]);
    let info = store::field_info(&store::list_values(&v).unwrap(), "custom.coffee_order").unwrap();
    assert_eq!(info.sensitivity, Sensitivity::Standard);
    assert_eq!(info.category, Category::Custom);
    assert_eq!(info.label, "coffee order");

    // Marking it sensitive reclassifies every value of the field.
    let spec = CustomSpec {
        label: Some("Therapist".into()),
        category: Some(Category::Health),
        sensitivity: Some(Sensitivity::Special(SpecialCategory::Health)),
    };
    store::set_value(
        &mut v,
        SetValue {
            label: Some("second"),
            ..entered("custom.coffee_order", "oat")
        },
        TODAY,
    )
    .unwrap();
    store::set_value(
        &mut v,
        SetValue {
            custom: Some(spec),
            ..entered("custom.coffee_order", "decaf")
        },
        TODAY,
    )
    .unwrap();
    let values = store::values_of(&v, "custom.coffee_order").unwrap();
    assert!(
        values
            .iter()
            .all(|x| x.custom.as_ref().unwrap().sensitivity == "health")
    );
    let info = store::field_info(&store::list_values(&v).unwrap(), "custom.coffee_order").unwrap();
    assert_eq!(
        info.sensitivity,
        Sensitivity::Special(SpecialCategory::Health)
    );

    let err = store::set_value(
        &mut v,
        SetValue {
            custom: Some(CustomSpec {
                label: None,
                category: None,
                sensitivity: Some(Sensitivity::Standard),
            }),
            ..entered("email", "a@b.example")
        },
        TODAY,
    )
    .unwrap_err();
    assert!(err.to_string().contains("catalogue field"));
}

#[test]
fn brands_added_once_with_normalized_ids_and_searchable() {
    let (_t, mut v) = vault();
    let id = BrandId::parse("Shop.Example").unwrap();
    store::add_brand(&mut v, &id, "Shop & Co", TODAY).unwrap();
    store::add_brand(
        &mut v,
        &BrandId::parse("https://books.example").unwrap(),
        "Books",
        TODAY,
    )
    .unwrap();
    let err = store::add_brand(
        &mut v,
        &BrandId::parse("https://shop.example/").unwrap(),
        "Again",
        TODAY,
    )
    .unwrap_err();
    assert_eq!(err.code().as_str(), "brand_exists");
    assert!(store::add_brand(&mut v, &BrandId::parse("x.example").unwrap(), " ", TODAY).is_err());
    assert_eq!(store::list_brands(&v, None).unwrap()[0].name, "Books");
    assert_eq!(store::list_brands(&v, Some("SHOP")).unwrap().len(), 1);
    let err = store::get_brand(&v, &BrandId::parse("nobody.example").unwrap()).unwrap_err();
    assert_eq!(err.code().as_str(), "unknown_brand");
    // What to do is the face's to say (the CLI names its command, the app its button).
    assert!(
        err.to_string().contains("nobody.example: add it first"),
        "{err}"
    );
    assert!(!err.to_string().contains("tessera "), "{err}");
}

fn with_brand() -> (tempfile::TempDir, Vault, BrandId) {
    let (t, mut v) = vault();
    let id = BrandId::parse("shop.example").unwrap();
    store::add_brand(&mut v, &id, "Shop", TODAY).unwrap();
    (t, v, id)
}

#[test]
fn rules_default_deny_and_coarser_forms() {
    let (_t, mut v, shop) = with_brand();
    set_values(
        &mut v,
        &[
            ("birthdate", "2008-03-01"),
            ("address", "1 Rue X; Paris; ; 75001; FR"),
        ],
    );
    assert!(nobody_sees(&v, "birthdate"), "default deny");
    assert!(
        store::preview_disclosure(&v, &shop, TODAY)
            .unwrap()
            .is_empty()
    );

    allow(&mut v, &shop, "birthdate", FormKind::AgeOver(18)).unwrap();
    allow(&mut v, &shop, "address", FormKind::Locality).unwrap();
    let err = allow(&mut v, &shop, "birthdate", FormKind::Country).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_form");
    assert!(err.to_string().contains("age_over_18"), "{err}");
    let err = allow(&mut v, &shop, "email_alias_pattern", FormKind::Raw).unwrap_err();
    assert!(err.to_string().contains("never disclosed"));

    let preview = store::preview_disclosure(&v, &shop, TODAY).unwrap();
    assert_eq!(
        preview,
        vec![
            ("address".into(), json!("Paris")),
            ("birthdate".into(), json!(true))
        ],
        "in catalogue order"
    );

    store::deny(&mut v, &shop, "address", TODAY).unwrap();
    assert!(nobody_sees(&v, "address"));
    assert_eq!(
        store::rules_for_brand(&v, &shop).unwrap().len(),
        2,
        "one rule per field"
    );
}

#[test]
fn rules_sensitive_fields_need_the_named_confirmation() {
    let (_t, mut v, shop) = with_brand();
    set_values(&mut v, &[("allergies", "peanuts")]);
    let err = allow(&mut v, &shop, "allergies", FormKind::Raw).unwrap_err();
    assert_eq!(err.code().as_str(), "confirmation_required");
    assert!(err.to_string().contains("health"), "{err}");
    let err = store::allow(
        &mut v,
        &shop,
        "allergies",
        FormKind::Raw,
        None,
        Some(SpecialCategory::Politics),
        TODAY,
    )
    .unwrap_err();
    assert_eq!(err.code().as_str(), "confirmation_required");
    assert!(nobody_sees(&v, "allergies"));
    let rule = store::allow(
        &mut v,
        &shop,
        "allergies",
        FormKind::Raw,
        None,
        Some(SpecialCategory::Health),
        TODAY,
    )
    .unwrap();
    assert_eq!(rule.confirmed_category.as_deref(), Some("health"));
    assert_eq!(store::who_can_see(&v, "allergies", TODAY).unwrap().len(), 1);
}

#[test]
fn rules_expire_after_their_last_day() {
    let (_t, mut v, shop) = with_brand();
    set_values(&mut v, &[("given_name", "Ada")]);
    let err = store::allow(
        &mut v,
        &shop,
        "given_name",
        FormKind::Raw,
        Some(Date::constant(2026, 11, 28)),
        None,
        TODAY,
    )
    .unwrap_err();
    assert!(err.to_string().contains("in the past"));
    store::allow(
        &mut v,
        &shop,
        "given_name",
        FormKind::Raw,
        Some(Date::constant(2026, 12, 31)),
        None,
        TODAY,
    )
    .unwrap();
    assert_eq!(
        store::who_can_see(&v, "given_name", Date::constant(2026, 12, 31))
            .unwrap()
            .len(),
        1
    );
    assert!(
        store::who_can_see(&v, "given_name", Date::constant(2027, 1, 1))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn rules_revoked_in_one_action() {
    let (_t, mut v, shop) = with_brand();
    for field in ["given_name", "family_name", "email"] {
        allow(&mut v, &shop, field, FormKind::Raw).unwrap();
    }
    assert_eq!(store::revoke_all(&mut v, &shop, TODAY).unwrap(), 3);
    assert!(
        store::rules_for_brand(&v, &shop)
            .unwrap()
            .iter()
            .all(|r| !r.allowed)
    );
    assert_eq!(store::revoke_all(&mut v, &shop, TODAY).unwrap(), 0);
}

#[test]
fn who_can_see_lists_brands_and_alias_is_per_brand() {
    let (_t, mut v, shop) = with_brand();
    let books = BrandId::parse("books.example").unwrap();
    store::add_brand(&mut v, &books, "Books", TODAY).unwrap();
    set_values(
        &mut v,
        &[
            ("email", "me@example.com"),
            ("email_alias_pattern", "me+{brand}@example.com"),
        ],
    );
    allow(&mut v, &shop, "email", FormKind::EmailAlias).unwrap();
    allow(&mut v, &books, "email", FormKind::Raw).unwrap();
    let who = store::who_can_see(&v, "email", TODAY).unwrap();
    let names: Vec<_> = who
        .iter()
        .map(|(b, r)| (b.name.as_str(), r.form.as_str()))
        .collect();
    assert_eq!(names, vec![("Books", "raw"), ("Shop", "email_alias")]);
    assert_eq!(
        store::preview_disclosure(&v, &shop, TODAY).unwrap(),
        vec![("email".into(), json!("me+shop-example@example.com"))]
    );
}

#[test]
fn canary_values_labels_and_brand_names_are_sealed_on_disk() {
    let (tmp, mut v) = vault();
    let dir = vault_dir(&tmp);
    store::set_value(
        &mut v,
        SetValue {
            label: Some("CanaryLabel"),
            ..entered("email", "canary-value@example.com")
        },
        TODAY,
    )
    .unwrap();
    set_values(&mut v, &[("custom.canary_field", "CanaryCustom")]);
    store::add_brand(
        &mut v,
        &BrandId::parse("canary-brand.example").unwrap(),
        "CanaryBrandName",
        TODAY,
    )
    .unwrap();
    for needle in [
        "canary-value",
        "CanaryLabel",
        "CanaryCustom",
        "canary_field",
        "CanaryBrandName",
        "canary-brand",
    ] {
        for file in ["vault.db", "vault.db-wal", "vault.db-shm"] {
            let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
            assert!(
                !contains_bytes(&bytes, needle.as_bytes()),
                "{needle} found in {file}"
            );
        }
    }
}

#[test]
fn custom_field_reclassified_as_special_loses_unconfirmed_permissions() {
    let (_t, mut v, shop) = with_brand();
    set_values(&mut v, &[("custom.club", "Chess club")]);
    allow(&mut v, &shop, "custom.club", FormKind::Raw).unwrap();
    assert_eq!(
        store::who_can_see(&v, "custom.club", TODAY).unwrap().len(),
        1
    );
    let spec = CustomSpec {
        label: None,
        category: None,
        sensitivity: Some(Sensitivity::Special(SpecialCategory::Politics)),
    };
    store::set_value(
        &mut v,
        SetValue {
            custom: Some(spec),
            ..entered("custom.club", "Party club")
        },
        TODAY,
    )
    .unwrap();
    assert!(
        nobody_sees(&v, "custom.club"),
        "the brand must be asked again"
    );
    // Removing the last value of a custom field removes its rules; the brand still shows.
    store::remove_values(&mut v, "custom.club", None).unwrap();
    assert!(store::rules_for_brand(&v, &shop).unwrap().is_empty());
    assert!(
        store::preview_disclosure(&v, &shop, TODAY)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn records_of_an_unknown_version_are_refused_not_guessed() {
    let (_t, mut v) = vault();
    let future = serde_json::json!({
        "v": 2, "field": "email", "value": {"type": "text", "value": "a@b.example"},
        "primary": true, "provenance": {"source": "entered", "on": "2026-11-29"}
    });
    v.insert_entry(store::VALUE_KIND, &serde_json::to_vec(&future).unwrap())
        .unwrap();
    let err = store::list_values(&v).unwrap_err();
    assert_eq!(err.code().as_str(), "corrupt_record");
}

/// Issue 12: each brand's alias token is its own, the same for as long as the vault lives
/// (a passphrase change keeps it), and another person's vault gives the brand another.
#[test]
fn alias_tokens_are_per_brand_per_vault_and_survive_a_passphrase_change() {
    let (_t, mut v) = vault();
    let shop = BrandId::parse("https://shop.example").unwrap();
    let books = BrandId::parse("https://books.example").unwrap();
    let token = store::alias_token(&v, &shop);
    assert_eq!(token.len(), 12);
    assert!(
        token.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "{token}"
    );
    assert_ne!(token, store::alias_token(&v, &books));
    v.change_passphrase(
        &tessera_vault::Passphrase::from_str_copy("another long passphrase here"),
        tessera_vault::KdfParams::FLOOR,
    )
    .unwrap();
    assert_eq!(store::alias_token(&v, &shop), token);
    let (_t2, other) = vault();
    assert_ne!(store::alias_token(&other, &shop), token);
}
