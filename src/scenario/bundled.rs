//! Scenario files compiled into the binary, so `stabil run` works offline from
//! any directory. The files themselves live in `scenarios/`.

/// (name, TOML text) of every bundled scenario.
pub const ALL: [(&str, &str); 7] = [
    (
        "vesteralen",
        include_str!("../../scenarios/vesteralen.toml"),
    ),
    ("lofoten", include_str!("../../scenarios/lofoten.toml")),
    ("salten", include_str!("../../scenarios/salten.toml")),
    (
        "helsefellesskap",
        include_str!("../../scenarios/helsefellesskap.toml"),
    ),
    (
        "meloy-odda-ardal",
        include_str!("../../scenarios/meloy-odda-ardal.toml"),
    ),
    (
        "sykepleiere",
        include_str!("../../scenarios/sykepleiere.toml"),
    ),
    ("norge", include_str!("../../scenarios/norge.toml")),
];

/// The bundled scenario called `name`.
pub fn get(name: &str) -> Option<&'static str> {
    ALL.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// A name as people type it, in the form of the bundled names: lower case,
/// æ ø å as ae o a, spaces as hyphens ("Vesterålen" → "vesteralen").
pub fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .replace('æ', "ae")
        .replace('ø', "o")
        .replace('å', "a")
        .replace(' ', "-")
}

/// The bundled scenario a typed name means: (its name, its text).
pub fn find(name: &str) -> Option<(&'static str, &'static str)> {
    let key = normalise(name);
    ALL.iter().find(|(n, _)| *n == key).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_as_people_type_them() {
        assert_eq!(find("Vesterålen").map(|f| f.0), Some("vesteralen"));
        assert_eq!(find("LOFOTEN").map(|f| f.0), Some("lofoten"));
        assert_eq!(
            find("Meløy Odda Årdal").map(|f| f.0),
            Some("meloy-odda-ardal")
        );
        assert_eq!(find("lofotn"), None);
    }
}
