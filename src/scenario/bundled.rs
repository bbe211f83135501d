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
