//! Helpers shared by the import tests.

use tessera_profile::store;
use tessera_vault::Vault;

/// Removes every value, so one vault serves many cases.
pub fn clear(v: &mut Vault) {
    let fields: std::collections::BTreeSet<String> = store::list_values(v)
        .unwrap()
        .into_iter()
        .map(|p| p.field)
        .collect();
    for f in fields {
        store::remove_values(v, &f, None).unwrap();
    }
}
