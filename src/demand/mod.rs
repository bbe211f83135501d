//! Need for personnel over time from a projected population: relative use by
//! sex and age (`profile`), need per year and how positions follow it (`need`).
//! Pure: takes populations and settings, returns numbers; never reads files.

pub mod need;
pub mod profile;
