//! Exporters and file writing. Exporters turn results into bytes and never touch
//! files; `write` is the one place that writes them, atomically.

pub mod compare;
pub mod compare_roles;
pub mod cost_split;
pub mod csv;
pub mod fixed;
pub mod flows;
pub mod long;
pub mod manifest;
pub mod need;
pub mod numfmt;
pub mod param_words;
pub mod staff;
pub mod table;
pub mod workbook;
pub mod write;
pub mod xlsx;
