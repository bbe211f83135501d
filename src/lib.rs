//! stabil: projects the supply of doctors in rural municipalities and what
//! retention measures would do to vacancies and locum costs.
//!
//! Layers, from the edge inwards: `cli` (arguments → typed options) and `output`
//! (bytes → files) at the edges; `scenario` (TOML → validated `model`); and the
//! pure core: `model`, `sim` (event-driven supply model and Monte Carlo engine),
//! `stats` (streaming quantiles) and `rng` (seeded streams). See ARCHITECTURE.md.

pub mod backtest;
pub mod calibrate;
pub mod chart;
pub mod cli;
pub mod data;
pub mod demand;
pub mod demography;
pub mod evaluate;
pub mod fastmath;
pub mod model;
pub mod output;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod ssb;
pub mod stats;
