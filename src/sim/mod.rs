//! The simulation: one unit through one replicate (`unit`, or `fast` for a unit
//! whose conditions never change), what it leaves behind
//! (`trace`), units run one after another with shared tables (`runner`), one
//! replicate of every unit and region (`worker`), and the Monte Carlo driver
//! over replicates in parallel (`engine`).
//! Pure: typed model in, typed statistics out; no files, no command line.

pub mod compare;
pub mod compare_markets;
pub mod compare_roles;
pub mod compare_table;
pub mod costs;
pub mod engine;
pub mod fast;
pub mod market;
pub mod market_run;
pub mod plan;
pub mod region_sums;
pub mod runner;
pub mod survival;
pub mod trace;
pub mod unit;
pub mod worker;
