//! json-stat2, the default output of SSB's API: `id` and `size` give the
//! dimension order, `value` is row-major over them (an array, or an object of
//! index → value), `status` gives symbols by flat index, `dimension[id].category`
//! gives codes (`index`) and texts (`label`), and `extension.px.tableid` the
//! table number. Any dimension order and sizes; nulls kept as missing.
//!
//! Must never: assume a dimension order, index past `value`, or allocate more
//! than the file's own size justifies.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::build::{Builder, CellRef, RawValue};
use super::error::{SsbError, FIX_DOWNLOAD};
use super::labels::{self, Role};
use super::Layout;

const EXPECTED: &str = "json-stat2 (class \"dataset\" with id, size, dimension and value)";
/// More cells than this cannot come from a download of these tables.
const MAX_CELLS: usize = 50_000_000;
/// A sparse `value` object may leave out cells, but at most this many in all.
const SPARSE_MIN: usize = 100_000;

fn fail(file: &str, found: impl Into<String>) -> SsbError {
    SsbError::new(
        file,
        None,
        EXPECTED,
        found,
        "download table 07459 (or 14288) again from the API with format json-stat2, and save it unchanged",
    )
}

/// Category codes in position order, and their texts.
fn categories(file: &str, id: &str, dim: &Value, size: usize) -> Result<Vec<String>, SsbError> {
    let cat = dim.get("category");
    let label = cat.and_then(|c| c.get("label")).and_then(Value::as_object);
    let mut codes: Vec<Option<String>> = vec![None; size];
    match cat.and_then(|c| c.get("index")) {
        Some(Value::Object(m)) => {
            for (code, pos) in m {
                let p = pos.as_u64().and_then(|p| usize::try_from(p).ok());
                match p.and_then(|p| codes.get_mut(p)) {
                    Some(slot) => *slot = Some(code.clone()),
                    None => return Err(fail(file, format!("dimension {id:?}: category {code:?} at position {pos} outside its size {size}"))),
                }
            }
        }
        Some(Value::Array(a)) => {
            for (p, code) in a.iter().enumerate() {
                if let (Some(slot), Some(c)) = (codes.get_mut(p), code.as_str()) {
                    *slot = Some(c.to_string());
                }
            }
        }
        _ => {
            if let (Some(l), 1) = (label, size) {
                codes[0] = l.keys().next().cloned();
            }
        }
    }
    codes
        .into_iter()
        .enumerate()
        .map(|(p, c)| {
            let code = c.ok_or_else(|| {
                fail(
                    file,
                    format!("dimension {id:?} has no category at position {p} of {size}"),
                )
            })?;
            Ok(
                match label.and_then(|l| l.get(&code)).and_then(Value::as_str) {
                    Some(text) if text != code => format!("{code} {text}"),
                    _ => code,
                },
            )
        })
        .collect()
}

fn statuses(v: Option<&Value>, n: usize) -> HashMap<usize, String> {
    let mut out = HashMap::new();
    match v {
        Some(Value::Object(m)) => {
            for (k, s) in m {
                if let (Ok(i), Some(s)) = (k.parse::<usize>(), s.as_str()) {
                    out.insert(i, s.to_string());
                }
            }
        }
        Some(Value::Array(a)) => {
            for (i, s) in a.iter().enumerate() {
                if let Some(s) = s.as_str() {
                    out.insert(i, s.to_string());
                }
            }
        }
        Some(Value::String(s)) if n > 0 => {
            for i in 0..n {
                out.insert(i, s.clone());
            }
        }
        _ => {}
    }
    out
}

pub(crate) fn read(text: &str, file: &str) -> Result<Builder, SsbError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        SsbError::new(
            file,
            Some(e.line()),
            EXPECTED,
            format!("invalid JSON at column {}: {e}", e.column()),
            "the file looks cut short or edited; download table 07459 (or 14288) again as json-stat2",
        )
    })?;
    let Some(obj) = root.as_object() else {
        return Err(fail(file, "JSON that is not an object"));
    };
    if obj.get("class").and_then(Value::as_str) != Some("dataset") {
        let found = if obj.contains_key("dataset") {
            "json-stat version 1 (a \"dataset\" key)".to_string()
        } else {
            format!("JSON with keys {}", keys(obj))
        };
        return Err(fail(file, found));
    }
    let ids: Vec<&str> = match obj.get("id").and_then(Value::as_array) {
        Some(a) => a.iter().filter_map(Value::as_str).collect(),
        None => return Err(fail(file, "no \"id\" array")),
    };
    let sizes: Vec<usize> = match obj.get("size").and_then(Value::as_array) {
        Some(a) => a
            .iter()
            .map(|v| {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(usize::MAX)
            })
            .collect(),
        None => return Err(fail(file, "no \"size\" array")),
    };
    if ids.len() != sizes.len() || ids.is_empty() {
        return Err(fail(
            file,
            format!("{} ids and {} sizes", ids.len(), sizes.len()),
        ));
    }
    let total = sizes
        .iter()
        .try_fold(1usize, |acc, &s| acc.checked_mul(s))
        .filter(|&t| t <= MAX_CELLS)
        .ok_or_else(|| fail(file, format!("sizes {sizes:?}, too many cells")))?;
    let values = obj.get("value");
    if let Some(Value::Array(a)) = values {
        if a.len() != total {
            return Err(fail(
                file,
                format!("{} values where the sizes {sizes:?} give {total}", a.len()),
            ));
        }
    } else if let Some(Value::Object(m)) = values {
        // Sparse values: absent cells are null, but not without limit.
        if total > m.len().saturating_mul(4).max(SPARSE_MIN) {
            return Err(fail(
                file,
                format!("{} values for {total} cells (sizes {sizes:?})", m.len()),
            ));
        }
    } else {
        return Err(fail(file, "no \"value\" array"));
    }
    let dims = obj.get("dimension").and_then(Value::as_object);
    let mut b = Builder::new(file, Layout::JsonStat2);
    b.title = obj.get("label").and_then(Value::as_str).map(str::to_string);
    b.table_id = root
        .pointer("/extension/px/tableid")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut roles: Vec<Option<Role>> = Vec::new();
    let mut cats: Vec<Vec<String>> = Vec::new();
    for (&id, &size) in ids.iter().zip(&sizes) {
        let dim = dims.and_then(|d| d.get(id)).unwrap_or(&Value::Null);
        let name = dim.get("label").and_then(Value::as_str).unwrap_or("");
        let role = labels::role(id).or_else(|| labels::role(name));
        if role.is_some() && roles.contains(&role) {
            return Err(fail(
                file,
                format!("two dimensions for the same thing ({id:?})"),
            ));
        }
        if role.is_none() {
            if size != 1 {
                return Err(SsbError::new(
                    file,
                    None,
                    "the dimensions of table 07459 or 14288 (region, kjønn, alder, statistikkvariabel, år)",
                    format!("dimension {id:?} ({name}) with {size} categories, so this is another table"),
                    FIX_DOWNLOAD,
                ));
            }
            b.notes.push(format!(
                "ignored dimension {id:?} ({name}), which has one category"
            ));
        }
        roles.push(role);
        cats.push(categories(file, id, dim, size)?);
    }
    let present: Vec<Role> = roles.iter().flatten().copied().collect();
    b.require_roles(&present, None)?;
    let status = statuses(obj.get("status"), total);
    let pos = |r: Role| roles.iter().position(|x| *x == Some(r));
    let mut idx = vec![0usize; ids.len()];
    for flat in 0..total {
        let mut rem = flat;
        for d in (0..ids.len()).rev() {
            idx[d] = rem % sizes[d];
            rem /= sizes[d];
        }
        let label = |r: Role| pos(r).map(|d| cats[d][idx[d]].as_str());
        let raw = match values {
            Some(Value::Array(a)) => a.get(flat),
            Some(Value::Object(m)) => m.get(&flat.to_string()),
            _ => None,
        };
        let value = match raw {
            None | Some(Value::Null) => RawValue::Json(None),
            Some(Value::Number(n)) => RawValue::Json(n.as_f64()),
            Some(Value::String(s)) => RawValue::Text(s),
            Some(other) => return Err(fail(file, format!("value {other} at index {flat}"))),
        };
        b.push(CellRef {
            region: label(Role::Region).unwrap_or(""),
            sex: label(Role::Sex).unwrap_or(""),
            age: label(Role::Age).unwrap_or(""),
            year: label(Role::Year).unwrap_or(""),
            contents: label(Role::Contents),
            alternative: label(Role::Alternative),
            value,
            status: status.get(&flat).map(String::as_str),
            line: None,
        })?;
    }
    Ok(b)
}

fn keys(obj: &Map<String, Value>) -> String {
    let mut k: Vec<&str> = obj.keys().map(String::as_str).take(6).collect();
    if obj.len() > 6 {
        k.push("…");
    }
    k.join(", ")
}
