//! A parameter as written in a scenario file: a plain number, or a table naming a
//! distribution, e.g. `{ triangular = { min = 60000, mode = 95800, max = 150000 } }`.
//!
//! Owns only the written form and its deserialisation; turning it into a
//! validated `Dist` happens in `validate`.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The distributions a parameter may name, with their fields as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
    Lognormal {
        median: f64,
        sigma: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
}

/// A number or a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamSpec {
    Number(f64),
    Dist(DistSpec),
}

impl<'de> Deserialize<'de> for ParamSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ParamSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a number, or a distribution such as { uniform = { min = 1, max = 2 } } \
                     (uniform, triangular, normal, lognormal, beta)",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamSpec, E> {
                Ok(ParamSpec::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamSpec, E> {
                Ok(ParamSpec::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParamSpec, E> {
                Ok(ParamSpec::Number(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ParamSpec, A::Error> {
                DistSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ParamSpec::Dist)
            }
        }
        d.deserialize_any(V)
    }
}
