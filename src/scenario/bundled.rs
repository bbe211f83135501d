//! Scenario files compiled into the binary, so `stabil run` works offline from
//! any directory. The files themselves live in `scenarios/`.

/// (name, TOML text) of every bundled scenario.
pub const ALL: [(&str, &str); 1] = [(
    "vesteralen",
    include_str!("../../scenarios/vesteralen.toml"),
)];

/// The bundled scenario called `name`.
pub fn get(name: &str) -> Option<&'static str> {
    ALL.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}
