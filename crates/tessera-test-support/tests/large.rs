//! The large vault's generator, at a small size: it makes what it says, through the real
//! import and approval, and two vaults of one size hold the same records.

use tessera_exchange::ledger;
use tessera_exchange::person::{self, GRANT_KIND, REQUEST_KIND};
use tessera_profile::store::{self, BRAND_KIND, RULE_KIND, VALUE_KIND};
use tessera_test_support::large::{self, LargeVault};
use tessera_vault::KdfParams;

const SMALL: LargeVault = LargeVault {
    values: 40,
    brands: 6,
    rules_per_brand: 3,
    requests_per_brand: 2,
    ledger: 0,
    now: large::LARGE_NOW,
};

#[test]
fn the_generator_makes_what_it_says_and_the_same_each_time() {
    let tmp = tempfile::tempdir().unwrap();
    let pass = tessera_test_support::passphrase();
    let a = SMALL.create(&tmp.path().join("a"), &pass, KdfParams::FLOOR);
    assert_eq!(a.count(VALUE_KIND), 40);
    assert_eq!(a.count(BRAND_KIND), 6);
    assert_eq!(a.count(RULE_KIND), 18);
    assert_eq!(a.count(REQUEST_KIND), 12);
    assert_eq!(a.count(GRANT_KIND), 12);
    let written = ledger::count(&a).unwrap();
    // A key pinned per brand, and per request its import and its grant.
    assert_eq!(written, 6 + 12 * 2);
    ledger::verify(&a).unwrap();
    let grants = person::grants_of(&a, &large::brand_origin(3)).unwrap();
    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0].fields.len(), large::ASKED.len());

    let b = SMALL
        .with_ledger(100)
        .create(&tmp.path().join("b"), &pass, KdfParams::FLOOR);
    assert_eq!(ledger::count(&b).unwrap(), 100);
    ledger::verify(&b).unwrap();
    let records = |v: &tessera_vault::Vault| {
        (
            store::list_values(v).unwrap(),
            store::list_brands(v, None).unwrap(),
            store::all_rules(v).unwrap(),
            // A grant's id is random, as in any vault; the request it answers is not.
            person::requests(v)
                .unwrap()
                .into_iter()
                .map(|r| (r.jti, r.hash, r.token))
                .collect::<Vec<_>>(),
        )
    };
    assert!(records(&a) == records(&b), "two vaults of one size differ");
}
