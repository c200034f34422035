//! What the property tests (proptest) share: how many cases a property runs, and any JSON.

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value as Json;

/// The runner's configuration: `PROPTEST_CASES` cases when set, else `default` (a property on
/// a real vault runs fewer than one in memory); no failure files written beside the tests.
pub fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Any JSON value up to three levels deep, numbers at their limits (and floats) included, its
/// strings drawn from `text` and its members' names from `name`.
pub fn any_json(
    text: impl Strategy<Value = String> + 'static,
    name: impl Strategy<Value = String> + Clone + 'static,
) -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        prop::sample::select(vec![i64::MIN, i64::MAX, -1, 0, 1]).prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        text.prop_map(Json::from),
    ];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::from),
            prop::collection::btree_map(name.clone(), inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}
