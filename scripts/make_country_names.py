#!/usr/bin/env python3
"""Writes crates/tessera-profile/src/countries.tsv: country and territory names -> ISO 3166-1 alpha-2.

Contact cards carry a country *name* (vCard ADR's country component and JSContact's address
component of kind "country" are names), while Tessera stores ISO 3166-1 alpha-2 codes. This
script derives the name table that `tessera_profile::countries::country_code` looks names up in,
from maintained sources only:

- Unicode CLDR, from the npm registry: `cldr-localenames-full` (main/<locale>/territories.json:
  every territory name of each locale below, with its `-alt-short` and `-alt-variant` forms) and
  `cldr-core` (supplemental/codeMappings.json for alpha-3 codes, territoryContainment.json to
  leave out groupings such as EU or UN, aliases.json to leave out withdrawn codes such as DD).
- The `celes` crate (Tessera's code validator, at the version in Cargo.lock, found with
  `cargo metadata`): its ISO long names and its aliases ("Great Britain", "Holland"...), used
  only for keys CLDR does not have.

Regenerate (needs npm and cargo; fetches the pinned packages with `npm pack`):

    python3 scripts/make_country_names.py            # rewrites the table, prints what it dropped
    python3 scripts/make_country_names.py --check    # exits 1 if the checked-in table differs

`--cldr DIR` uses a folder holding the two packages unpacked (DIR/cldr-localenames-full/main/...
and DIR/cldr-core/supplemental/...) instead of fetching them.

Which codes: a two-letter CLDR territory code with an ISO numeric code in codeMappings (this
leaves out the exceptionally reserved AC, CP, CQ, DG, EA, IC, TA, which ISO 3166-1 does not
assign), that is not withdrawn (AN, CS, DD, SU, YU...: CLDR's territoryAlias), not a grouping
(EU, EZ, QO, UN) and not user-assigned (AA, QM-QZ, XA-XZ, ZZ), except XK (Kosovo:
user-assigned, but CLDR names it and celes accepts it).

Keys are normalized exactly as `countries.rs` normalizes input (keep the two in step):
NFKD; Unicode lowercase; NFKD again; drop the Latin, Greek and Cyrillic combining diacritics
(U+0300-U+036F: "Österreich" and "Osterreich" give one key, as do "Türkiye" and "Turkiye", "ё"
and "е"; other scripts' marks, such as Devanagari vowel signs or the kana voicing marks, are kept
because they change the word); fold the letters NFKD leaves whole (ß->ss, æ->ae, œ->oe, ø->o,
ł->l, đ->d, ð->d, þ->th, ı->i, ħ->h, ŧ->t, ς->σ); NFC; keep only letters, marks and digits
(spaces, dots, hyphens, apostrophes, brackets go: "U.S.A." -> "usa").

Two-letter input is read as an alpha-2 code by countries.rs before any name, so the table only
holds a two-letter key where a CLDR name agrees with the code (English "U.S." -> us -> US); a
name such as "N/A" is no code's name and so maps to nothing, and Spanish "R. U." (Reino Unido)
becomes "ru", Russia's code, so it is left out rather than read as either.

Conflicts: a key that CLDR names give two codes (in one locale or across locales: "Kongo"), or
that is one country's alpha-3 code and another's name (Vietnamese "Nga", Russia, would be NGA,
Nigeria), is ambiguous: it is dropped, printed, and listed in the table's header. A key equal to
an alpha-2 code belongs to that code, since alpha-2 is what Tessera stores (Spanish "RU", short
for Reino Unido, stays Russia); one equal to a code left out above is no name either (French
"É.-U." is not read as EU). A celes name or alias that disagrees with CLDR, or that CLDR found
ambiguous, is dropped and printed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

CLDR_VERSION = "48.2.0"
NAMES_PACKAGE = "cldr-localenames-full"
CORE_PACKAGE = "cldr-core"

# The languages people in Tessera's markets write addresses in. Each locale also brings its
# regional sub-locales present in CLDR (de -> de-AT, de-CH...; es -> es-419, es-MX...), which
# hold only the names that differ; script variants are listed explicitly (sr-Latn, zh-Hant).
LOCALES = [
    # the languages of Tessera's markets
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hu",
    "ro", "el", "tr", "ru", "uk", "ja", "zh", "zh-Hant", "ko", "ar", "he", "hi", "ca", "hr",
    "sl", "bg", "lt", "lv", "et", "ga", "is",
    # other languages of Europe and its neighbours
    "nn", "sr", "sr-Latn", "bs", "mk", "sq", "mt", "lb", "eu", "gl", "cy", "gd", "fy", "rm",
    "gsw", "fo", "be", "af", "hy", "ka", "az",
    # widely written elsewhere. Not Vietnamese: its tone marks carry the meaning, and without
    # them its names become other countries' codes (Áo, Austria -> AO; Mỹ, United States -> MY).
    "th", "id", "ms", "fil", "fa", "ur", "bn", "ta", "sw",
]

# User-assigned alpha-2 ranges (ISO 3166-1 leaves them to users; CLDR uses some for pseudo-regions).
USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ)$")
USER_ASSIGNED_KEPT = {"XK"}

FOLD = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŧ": "t", "ς": "σ",
}

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "crates" / "tessera-profile" / "src" / "countries.tsv"


def normalize(text: str) -> str:
    """The key of a name; mirrors `normalize` in crates/tessera-profile/src/countries.rs."""
    s = unicodedata.normalize("NFKD", text)
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not 0x300 <= ord(c) <= 0x36F)
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFC", s)
    return "".join(c for c in s if unicodedata.category(c)[0] in "LMN")


def fetch_cldr(dest: Path) -> Path:
    """Fetches the pinned packages with `npm pack` (npm checks their integrity) and unpacks them."""
    specs = [f"{NAMES_PACKAGE}@{CLDR_VERSION}", f"{CORE_PACKAGE}@{CLDR_VERSION}"]
    subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(dest), *specs],
        check=True, capture_output=True, text=True,
    )
    for name in (NAMES_PACKAGE, CORE_PACKAGE):
        target = dest / name
        with tarfile.open(dest / f"{name}-{CLDR_VERSION}.tgz") as archive:
            members = [
                m for m in archive.getmembers()
                if m.isfile() and (m.name.endswith("/territories.json") or "/supplemental/" in m.name
                                   or m.name == "package/package.json")
            ]
            for m in members:
                m.name = m.name.removeprefix("package/")
            archive.extractall(target, members=members, filter="data")
    return dest


def package_version(folder: Path) -> str:
    return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]


def celes_source() -> tuple[str, str]:
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout)
    for package in meta["packages"]:
        if package["name"] == "celes":
            lib = Path(package["manifest_path"]).parent / "src" / "lib.rs"
            return package["version"], lib.read_text(encoding="utf-8")
    sys.exit("celes is not in the workspace's dependencies")


def celes_names(source: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """celes's alpha-3 codes (alpha2 -> alpha3) and its names: key -> {alpha2}."""
    macro = re.compile(
        r'country!\(\s*(\w+),\s*"\d+",\s*\d+,\s*"([A-Z]{2})",\s*"([A-Z]{3})",\s*"([^"]*)"'
        r'(?:,\s*\w+((?:,\s*"[^"]*")*))?\s*,?\s*\);'
    )
    alpha3: dict[str, str] = {}
    by_function: dict[str, str] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for function, a2, a3, long_name, aliases in macro.findall(source):
        alpha3[a2] = a3
        by_function[function] = a2
        for name in [long_name, re.sub(r"^The ", "", long_name),
                     *re.findall(r'"([^"]*)"', aliases or "")]:
            names[normalize(name)].add(a2)
    # The alias and full-name maps behind `from_alias` and `from_name`.
    for fn in ("from_alias", "from_name"):
        body = source.split(f"pub fn {fn}<", 1)[1].split("phf_map! {", 1)[1].split("};", 1)[0]
        for key, function in re.findall(r'"([^"]+)"\s*=>\s*Country::(\w+)\(\)', body):
            names[normalize(key)].add(by_function[function])
    return alpha3, names


def territory_codes(core: Path) -> tuple[set[str], set[str], dict[str, str]]:
    """The included codes, every two-letter code CLDR knows, and alpha-2 -> alpha-3."""
    supplemental = core / "supplemental"
    mappings = json.loads((supplemental / "codeMappings.json").read_text(encoding="utf-8"))
    mappings = mappings["supplemental"]["codeMappings"]
    containment = json.loads((supplemental / "territoryContainment.json").read_text(encoding="utf-8"))
    groupings = set(containment["supplemental"]["territoryContainment"])
    aliases = json.loads((supplemental / "aliases.json").read_text(encoding="utf-8"))
    deprecated = set(aliases["supplemental"]["metadata"]["alias"]["territoryAlias"])
    codes = {
        code for code, m in mappings.items()
        if re.fullmatch(r"[A-Z]{2}", code) and "_numeric" in m and "_alpha3" in m
        and code not in groupings and code not in deprecated
        and (not USER_ASSIGNED.match(code) or code in USER_ASSIGNED_KEPT)
    }
    known = {code for code in [*mappings, *groupings] if re.fullmatch(r"[A-Z]{2}", code)}
    return codes, known, {code: mappings[code]["_alpha3"] for code in codes}


def cldr_locales(names: Path) -> list[str]:
    available = {p.name for p in (names / "main").iterdir()}
    chosen = []
    for base in LOCALES:
        if base not in available:
            sys.exit(f"locale {base} is not in {NAMES_PACKAGE}")
        chosen.append(base)
        chosen += sorted(
            loc for loc in available
            if re.fullmatch(re.escape(base) + r"-([A-Z]{2}|\d{3})", loc)
        )
    return chosen


def cldr_names(names: Path, locales: list[str], codes: set[str]) -> dict[str, dict[str, set[str]]]:
    """key -> {alpha2 -> {locale:name, ...}} for every CLDR name of an included code."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for locale in locales:
        data = json.loads((names / "main" / locale / "territories.json").read_text(encoding="utf-8"))
        (body,) = data["main"].values()
        for entry, name in body["localeDisplayNames"]["territories"].items():
            code = entry.split("-alt-")[0]
            if code in codes:
                key = normalize(name)
                if key:
                    found[key][code].add(f"{locale}:{name}")
    return found


def build(cldr_dir: Path) -> tuple[str, list[str]]:
    names_dir, core_dir = cldr_dir / NAMES_PACKAGE, cldr_dir / CORE_PACKAGE
    versions = {p: package_version(cldr_dir / p) for p in (NAMES_PACKAGE, CORE_PACKAGE)}
    codes, known_codes, cldr_alpha3 = territory_codes(core_dir)
    celes_version, source = celes_source()
    celes_alpha3, celes = celes_names(source)
    locales = cldr_locales(names_dir)
    cldr = cldr_names(names_dir, locales, codes)

    # Codes first: alpha-2 (looked up as codes, so not written) and alpha-3 from both sources.
    code_of: dict[str, str] = {c.lower(): c for c in codes}
    for a2, a3 in [*cldr_alpha3.items(), *celes_alpha3.items()]:
        if a2 in codes:
            code_of[a3.lower()] = a2
    table: dict[str, str] = {k: c for k, c in code_of.items() if len(k) == 3}
    report: list[str] = []
    ambiguous: list[str] = []

    for key in sorted(cldr):
        by_code = cldr[key]
        others = {c: w for c, w in by_code.items() if c != code_of.get(key)}
        if len(key) == 2 and key in code_of:
            # Typed as two letters it is read as the code anyway; the row serves spellings such as
            # "U.S." and exists only where a name agrees with the code.
            if code_of[key] in by_code:
                table[key] = code_of[key]
            for code, where in sorted(others.items()):
                report.append(f"code wins: {key!r} is the alpha-2 code of {code_of[key]}, "
                              f"not {code} ({', '.join(sorted(where))})")
            continue
        if key.upper() in known_codes - codes:
            report.append(f"reserved: {key!r} is the code of {key.upper()}, which Tessera does not "
                          f"store, not a name ({', '.join(sorted(w for ws in by_code.values() for w in ws))})")
            continue
        if key in code_of and others:
            # An alpha-3 code that is also another country's name: neither reading is safe.
            by_code = {**by_code, code_of[key]: {"alpha-3 code"}}
            del table[key]
        if len(by_code) > 1:
            detail = "; ".join(f"{c} ({', '.join(sorted(w))})" for c, w in sorted(by_code.items()))
            ambiguous.append(f"{key}\t{' '.join(sorted(by_code))}")
            report.append(f"ambiguous: {key!r} -> {detail}")
            continue
        (code,) = by_code
        table[key] = code

    ambiguous_keys = {line.split("\t")[0] for line in ambiguous}
    for key in sorted(celes):
        found = celes[key] & codes
        if not key or not found or key in code_of or key.upper() in known_codes:
            continue
        if key in table:
            if found != {table[key]}:
                report.append(f"celes disagrees: {key!r} is {' '.join(sorted(found))} in celes, "
                              f"{table[key]} in CLDR (CLDR kept)")
        elif key in ambiguous_keys:
            report.append(f"celes skipped: {key!r} is ambiguous in CLDR")
        elif len(found) > 1:
            report.append(f"celes ambiguous: {key!r} -> {' '.join(sorted(found))} (dropped)")
        else:
            table[key] = next(iter(found))

    header = [
        "# Country and territory names -> ISO 3166-1 alpha-2 codes, for reading contact cards.",
        "# Generated by scripts/make_country_names.py: do not edit. Regenerate with",
        "#   python3 scripts/make_country_names.py",
        f"# Sources: npm {NAMES_PACKAGE}@{versions[NAMES_PACKAGE]} (main/<locale>/territories.json),",
        f"#   npm {CORE_PACKAGE}@{versions[CORE_PACKAGE]} (supplemental/codeMappings.json,",
        "#   territoryContainment.json, aliases.json),",
        f"#   crate celes {celes_version} (ISO long names and aliases, where CLDR has no such key).",
        f"# Locales ({len(LOCALES)}; {len(locales)} with their regional sub-locales):",
        *[f"#   {' '.join(LOCALES[i:i + 24])}" for i in range(0, len(LOCALES), 24)],
        "# Keys are normalized names (see countries.rs `normalize`) and alpha-3 codes;",
        "#   two-letter input is read as an alpha-2 code first, so alpha-2 codes are not listed.",
        f"# Ambiguous, so left out ({len(ambiguous)}): key, then the codes it names.",
        *[f"#   {line.replace(chr(9), ' -> ')}" for line in ambiguous],
    ]
    body = [f"{key}\t{table[key]}" for key in sorted(table)]
    return "\n".join(header + body) + "\n", report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cldr", type=Path, help="folder with the CLDR packages unpacked")
    parser.add_argument("--check", action="store_true", help="compare with the checked-in table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cldr_dir = args.cldr or fetch_cldr(Path(tmp))
        text, report = build(cldr_dir)
    for line in report:
        print(line)
    if args.check:
        if TABLE.read_text(encoding="utf-8") != text:
            print(f"{TABLE.relative_to(ROOT)} differs from what the script makes", file=sys.stderr)
            return 1
        print(f"{TABLE.relative_to(ROOT)} is up to date")
        return 0
    TABLE.write_text(text, encoding="utf-8")
    rows = sum(1 for line in text.splitlines() if not line.startswith("#"))
    print(f"wrote {TABLE.relative_to(ROOT)}: {rows} names, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
