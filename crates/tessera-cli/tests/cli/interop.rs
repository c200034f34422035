//! `interop_*`: a brand written from docs/formats with npm `jose` (tests/interop) on the other
//! side.

use super::*;

#[test]
fn interop_jose_brand_requests_and_verifies_grants_and_revocations() {
    let env = Env::vault_with(ADA);
    let key = env.tmp.path().join("jose-brand.jwk");
    let spec = env.file("spec.json", SPEC);
    let request = env.tmp.path().join("request.jwt");
    assert_success(&brand_js(&["keygen", path_str(&key)]));
    let out = brand_js(&[
        "sign-request",
        path_str(&key),
        path_str(&spec),
        path_str(&request),
    ]);
    assert_success(&out);
    let signed = json(&out);

    // Tessera imports what jose signed, pinning jose's key.
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_success(&out);
    assert_eq!(json(&out)["review"]["fingerprint"], signed["thumbprint"]);

    let grant = env.tmp.path().join("grant.jwt");
    assert_success(&env.approve("req-cli-1", &["email", "birthdate"], &grant, &[]));
    // jose verifies Tessera's grant, bound to its request, and reads its claims.
    let out = brand_js(&[
        "verify-grant",
        path_str(&grant),
        "https://shop.example",
        path_str(&request),
    ]);
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["aud"], "https://shop.example");
    assert_eq!(claims["disclosures"][0]["field"], "email");
    assert_eq!(claims["disclosures"][0]["value"], "ada@home.example");
    assert_eq!(claims["disclosures"][1]["value"], true);
    // ...and refuses it for another brand.
    let out = brand_js(&["verify-grant", path_str(&grant), "https://other.example"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // A receipt countersigned by jose imports into Tessera.
    let receipt = env.tmp.path().join("receipt.jwt");
    assert_success(&brand_js(&[
        "sign-receipt",
        path_str(&key),
        path_str(&grant),
        path_str(&receipt),
    ]));
    assert_success(&env.run_unlocked(&["receipt", "import", path_str(&receipt)]));

    // Likewise the revocation.
    let read = revoke_first_grant_verified_by_jose(&env, &grant);
    assert_eq!(read["delete"], true);
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
}
