//! The lists the screens page through (grants, requests) on a generated vault: pages put end
//! to end are the whole list, newest first; a state filter pages through the matching ones
//! only; the brands list, the matrix and "who can see" answer as a scan of every record would.

use tessera_api::Session;
use tessera_api::exchange::ListQuery;
use tessera_api::profile::MatrixQuery;
use tessera_test_support::large::{self, LargeVault};

const SMALL: LargeVault = LargeVault {
    values: 60,
    brands: 7,
    rules_per_brand: 4,
    requests_per_brand: 3,
    ledger: 0,
    now: large::LARGE_NOW,
};

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(large::LARGE_NOW + 60).unwrap()
}

fn query(offset: u32, limit: u32, state: Option<&str>) -> ListQuery {
    ListQuery {
        offset,
        limit: Some(limit),
        state: state.map(str::to_owned),
    }
}

/// Every grant's id, a page of `limit` at a time.
fn grant_pages(s: &Session, limit: u32, state: Option<&str>) -> Vec<String> {
    let mut all = Vec::new();
    loop {
        let page = s
            .grant_page(&query(all.len() as u32, limit, state), now())
            .unwrap();
        assert!(page.grants.len() <= limit as usize);
        all.extend(page.grants.into_iter().map(|g| g.jti));
        if !page.more {
            return all;
        }
    }
}

#[test]
fn grants_and_requests_page_newest_first_with_their_state_filter() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = SMALL.session(&tmp.path().join("vault"));
    // One grant revoked, so that a filter has something to leave out.
    let whole: Vec<String> = s
        .grant_list(now())
        .unwrap()
        .into_iter()
        .map(|g| g.jti)
        .collect();
    assert_eq!(whole.len(), 21);
    s.grant_revoke(&whole[4], now()).unwrap();
    for limit in [1, 5, 21, 100] {
        assert_eq!(grant_pages(&s, limit, None), whole, "pages of {limit}");
        assert_eq!(grant_pages(&s, limit, Some("all")), whole);
        assert_eq!(grant_pages(&s, limit, Some("revoked")), [whole[4].clone()]);
    }
    let active: Vec<String> = s
        .grant_list(now())
        .unwrap()
        .into_iter()
        .filter(|g| g.state.as_str() == "active")
        .map(|g| g.jti)
        .collect();
    assert_eq!(active.len(), 20);
    assert_eq!(grant_pages(&s, 3, Some("active")), active);
    let beyond = s.grant_page(&query(50, 10, None), now()).unwrap();
    assert!(beyond.grants.is_empty() && !beyond.more);

    let requests: Vec<String> = s
        .request_list()
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut paged = Vec::new();
    loop {
        let page = s.request_page(&query(paged.len() as u32, 4, None)).unwrap();
        paged.extend(page.requests.into_iter().map(|r| r.id));
        if !page.more {
            break;
        }
    }
    assert_eq!(paged, requests);
    let first = s.request_page(&query(0, 2, Some("approved"))).unwrap();
    assert_eq!(first.requests.len(), 2);
    assert!(first.more);
    assert!(
        s.request_page(&query(0, 5, Some("pending")))
            .unwrap()
            .requests
            .is_empty()
    );
    // Brand names come with each item, as the full list gives them.
    let page = s.grant_page(&query(0, 3, None), now()).unwrap();
    let list = s.grant_list(now()).unwrap();
    assert_eq!(page.grants, list[..3]);
}

#[test]
fn brands_matrix_and_who_can_see_answer_as_a_scan_would() {
    let tmp = tempfile::tempdir().unwrap();
    let s = SMALL.session(&tmp.path().join("vault"));
    let vault = s.vault().unwrap();
    let brands = tessera_profile::store::list_brands(vault, None).unwrap();
    let rules = tessera_profile::store::all_rules(vault).unwrap();
    let page = s.brand_list(None, 2, 3, now()).unwrap();
    assert_eq!(page.total, 7);
    let ids: Vec<&str> = page.brands.iter().map(|b| b.id.as_str()).collect();
    let expected: Vec<&str> = brands[2..5].iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, expected);
    for b in &page.brands {
        let allowed = rules
            .iter()
            .filter(|r| r.brand == b.id && r.allowed)
            .count();
        assert_eq!(b.allowed_fields as usize, allowed, "{}", b.id);
    }
    let searched = s.brand_list(Some("BRAND0003"), 0, 50, now()).unwrap();
    assert_eq!(searched.total, 1);
    assert_eq!(searched.brands[0].id, large::brand_origin(3));

    let matrix = s
        .matrix(
            &MatrixQuery {
                field_offset: 0,
                field_limit: 200,
                brand_offset: 0,
                brand_limit: 50,
                brand_search: None,
            },
            now(),
        )
        .unwrap();
    // Every field with a value (the generated ones all have one), every brand.
    assert_eq!(matrix.total_fields, 60);
    assert_eq!(matrix.total_brands, 7);
    let cells: usize = matrix
        .cells
        .iter()
        .flatten()
        .filter(|c| c.is_some())
        .count();
    assert_eq!(cells, rules.iter().filter(|r| r.allowed).count());

    for field in rules.iter().map(|r| r.field.as_str()) {
        let who: Vec<String> = s
            .who_can_see(field, now())
            .unwrap()
            .into_iter()
            .map(|r| r.brand)
            .collect();
        let mut scan: Vec<&tessera_profile::model::Brand> = brands
            .iter()
            .filter(|b| {
                rules
                    .iter()
                    .any(|r| r.brand == b.id && r.field == field && r.allowed)
            })
            .collect();
        scan.sort_by_key(|b| (b.name.to_lowercase(), b.id.clone()));
        let scan: Vec<String> = scan.into_iter().map(|b| b.id.clone()).collect();
        assert_eq!(who, scan, "{field}");
    }
}

#[test]
fn home_lists_the_first_holders_by_name_and_counts_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let many = LargeVault {
        values: 10,
        brands: tessera_api::home::HOME_HOLDERS + 5,
        rules_per_brand: 0,
        requests_per_brand: 1,
        ledger: 0,
        now: large::LARGE_NOW,
    };
    let mut s = many.session(&tmp.path().join("vault"));
    let grants = s.grant_list(now()).unwrap();
    s.grant_revoke(&grants[0].jti, now()).unwrap();
    let home = s.home(now()).unwrap();
    // The brand whose only grant was revoked holds nothing in force.
    assert_eq!(home.holders_total as usize, many.brands - 1);
    assert_eq!(home.holders.len(), tessera_api::home::HOME_HOLDERS);
    let mut names: Vec<String> = grants[1..]
        .iter()
        .map(|g| g.brand_name.to_lowercase())
        .collect();
    names.sort();
    let shown: Vec<String> = home
        .holders
        .iter()
        .map(|h| h.brand_name.to_lowercase())
        .collect();
    assert_eq!(shown, names[..tessera_api::home::HOME_HOLDERS]);
    let first = &home.holders[0];
    let granted = grants.iter().find(|g| g.brand == first.brand).unwrap();
    assert_eq!(first.received, {
        let mut f = granted.fields.clone();
        f.sort();
        f
    });
    assert_eq!(first.until, granted.expires_at);
    assert_eq!(first.grants, 1);
    assert!(home.pending.is_empty());
    assert!(home.expiring_grants.is_empty());
    assert_eq!(home.profile_values, 10);
    // A request that arrives waits on Home; a year on, every grant is ending soon.
    let token = tessera_test_support::signed_request(
        large::brand_seed(2),
        &large::brand_origin(2),
        "req-new",
        &serde_json::json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]),
        large::LARGE_NOW + 100,
    );
    s.request_import(&token, false, now()).unwrap();
    let home = s.home(now()).unwrap();
    assert_eq!(home.pending.len(), 1);
    assert_eq!(home.pending[0].jti, "req-new");
    let later = jiff::Timestamp::from_second(large::LARGE_NOW + 340 * 24 * 3600).unwrap();
    let home = s.home(later).unwrap();
    assert_eq!(home.expiring_grants.len(), many.brands - 1);
    assert!(
        home.expiring_grants
            .iter()
            .all(|g| g.state.as_str() == "expiring")
    );
}
