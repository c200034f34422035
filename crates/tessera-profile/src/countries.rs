//! TEMPORARY stand-in, replaced by the CLDR-derived table (helper branch `countries`).
pub fn country_code(input: &str) -> Option<&'static str> {
    let upper = input.trim().to_ascii_uppercase();
    celes::Country::from_alpha2(&upper)
        .or_else(|_| celes::Country::from_alpha3(&upper))
        .or_else(|_| celes::Country::from_name(input.trim()))
        .ok()
        .map(|c| c.alpha2)
}
