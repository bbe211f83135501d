//! `stabil data show KOMMUNE`: a municipality's key figures from the bundled SSB
//! data (population now and projected, 67+ and 80+ shares, GP lists, GP need).
//! Reads only bundled data; prints text.

use crate::data::{self, projection};
use crate::output::numfmt::{number, Lang};
use crate::scenario::need::{unit_need, NeedInput};
use crate::scenario::problem::{Problem, Problems, TomlPath};

use super::{say, Failure};

const YEARS: [i32; 6] = [2025, 2026, 2030, 2035, 2040, 2050];

fn row(label: &str, cells: impl Iterator<Item = String>) -> String {
    let mut s = format!("{label:<34}");
    for c in cells {
        s.push_str(&format!("{c:>10}"));
    }
    s
}

pub fn show(query: &str, lang: Lang) -> Result<(), Failure> {
    let nb = lang == Lang::Nb;
    let code = data::find_municipality(query).map_or(query, |m| m.code.as_str());
    let Some(m) = data::municipality(code) else {
        return Err(Failure::Input(Problems {
            file: "stabil data show".into(),
            problems: vec![super::init::unknown_municipality(
                query,
                TomlPath::root().key("kommune"),
                "give the number or the name, e.g. `stabil data show 1867` or `stabil data show Bø` (357 municipalities; numbers changed in 2024 where counties merged or split)",
            )],
        }));
    };
    let series =
        projection::municipality(code).expect("every listed municipality has a population");
    let pct = |y: i32, from: usize| {
        let p = series.get(y).expect("years 2025-2050 are projected");
        format!(
            "{} %",
            number(100.0 * p.sum_ages(from, 200) / p.total(), 1, lang)
        )
    };
    say!("{} ({}), {}", m.name, m.code, m.county_name);
    say!("{}", row("", YEARS.iter().map(|y| y.to_string())));
    say!(
        "{}",
        row(
            if nb {
                "Befolkning 1. januar"
            } else {
                "Population 1 January"
            },
            YEARS
                .iter()
                .map(|y| number(series.get(*y).expect("projected").total(), 0, lang))
        )
    );
    say!(
        "{}",
        row(
            if nb {
                "  andel 67 år og eldre"
            } else {
                "  share aged 67+"
            },
            YEARS.iter().map(|y| pct(*y, 67))
        )
    );
    say!(
        "{}",
        row(
            if nb {
                "  andel 80 år og eldre"
            } else {
                "  share aged 80+"
            },
            YEARS.iter().map(|y| pct(*y, 80))
        )
    );
    let mut problems = Vec::new();
    let gp = m.gp;
    let need = unit_need(
        &NeedInput {
            role: Some("gp"),
            kommune: Some(code),
            catchment: None,
            need: None,
            positions: gp.map_or(0, |g| g.lists_total),
            has_changes: false,
            base_year: 2025,
            horizon_years: (projection::LAST_YEAR - 2025 + 1) as u32,
            demography: &Default::default(),
        },
        &TomlPath::root(),
        &mut problems,
    );
    if let (Some(n), Some(_)) = (&need.need, gp) {
        say!(
            "{}",
            row(
                if nb {
                    "Fastlegebehov (årsverk)"
                } else {
                    "GP need (positions)"
                },
                YEARS
                    .iter()
                    .map(|y| number(n[(*y - 2025) as usize], 1, lang))
            )
        );
    }
    match gp {
        Some(g) => {
            let corrected = g.list_length_corrected.map_or(String::new(), |c| {
                if nb {
                    format!(" (korrigert for kommunale timer: {})", number(c, 0, lang))
                } else {
                    format!(" (corrected for municipal hours: {})", number(c, 0, lang))
                }
            });
            if nb {
                say!("Fastlegelister 2025: {} i alt, {} uten lege; gjennomsnittlig listelengde {}{corrected}", g.lists_total, g.lists_without_gp, number(g.mean_list_length, 0, lang));
                say!("Behovet er befolkningen vektet med konsultasjoner per person etter kjønn og alder, delt på dagens listelengde (se docs/demography.md).");
            } else {
                say!(
                    "GP lists 2025: {} in all, {} without a GP; mean list length {}{corrected}",
                    g.lists_total,
                    g.lists_without_gp,
                    number(g.mean_list_length, 0, lang)
                );
                say!("Need is the population weighted by consultations per person by sex and age, divided by today's list length (see docs/demography.md).");
            }
        }
        None => say!(
            "{}",
            if nb {
                "SSB har ikke fastlegetall (tabell 12005) for 2025 for denne kommunen."
            } else {
                "SSB has no 2025 GP figures (table 12005) for this municipality."
            }
        ),
    }
    // Where the registered population of 2026 and SSB's 2024-round projection
    // from 2027 drifted apart, so that the figures jump.
    if let Some(jump) = crate::data::projection::seam_2027(series) {
        let pct = number(100.0 * jump.abs(), 1, lang);
        if nb {
            let way = if jump > 0.0 { "opp" } else { "ned" };
            say!("Merk: Folketallet hopper {pct} % {way} fra 2026 til 2027: registrert folketall går til 2026, og fra 2027 følger tallene SSBs framskriving fra 2024 (MMMM), som ikke traff det registrerte. I et scenario gir [demography] calibration = \"growth\" SSBs vekst fra registrert nivå i stedet.");
        } else {
            let way = if jump > 0.0 { "up" } else { "down" };
            say!("Note: the population jumps {pct} % {way} from 2026 to 2027: registered figures run to 2026, and from 2027 the figures follow SSB's 2024 projection (MMMM), which missed the registered one. In a scenario, [demography] calibration = \"growth\" applies SSB's growth to the registered level instead.");
        }
    }
    if let (Some(n), Some(g)) = (&need.need, gp) {
        let gap = n[0] / f64::from(g.lists_total.max(1)) - 1.0;
        if gap.abs() > 0.05 {
            let (need, lists) = (number(n[0], 1, lang), g.lists_total);
            let follow_nb = "Med policy = \"follow_need\" følger stillingene endringen i behovet fra dagens antall.";
            let follow_en = "With policy = \"follow_need\", positions follow the change in need from today's number.";
            match (nb, gap > 0.0) {
                (true, true) => say!("Behovet i 2025 ({need}) er større enn antall lister ({lists}): behovet er innbyggerne vektet med hvor mye de bruker fastlegen etter kjønn og alder, delt på listelengden. Det kan bety en eldre befolkning enn ellers, lange lister eller innbyggere med fastlege i en annen kommune. {follow_nb}"),
                (true, false) => say!("Behovet i 2025 ({need}) er mindre enn antall lister ({lists}): listene omfatter også lister uten lege og pasienter fra andre kommuner, og en yngre befolkning bruker fastlegen mindre. {follow_nb}"),
                (false, true) => say!("The 2025 need ({need}) is above the number of lists ({lists}): need is the residents weighted by how much they use a GP by sex and age, divided by the list length. It can mean an older population than elsewhere, long lists or residents listed with a GP in another municipality. {follow_en}"),
                (false, false) => say!("The 2025 need ({need}) is below the number of lists ({lists}): lists also include lists without a GP and patients from other municipalities, and a younger population uses a GP less. {follow_en}"),
            }
        }
    }
    say!(
        "{}",
        if nb {
            "Kilde: Statistisk sentralbyrå (tabell 07459, 14288 alternativ MMMM, 12005), NLOD 2.0. 2025–2026 registrert, senere år framskrevet."
        } else {
            "Source: Statistics Norway (tables 07459, 14288 alternative MMMM, 12005), NLOD 2.0. 2025-2026 registered, later years projected."
        }
    );
    Ok(())
}

/// `stabil data read FILE`: what an SSB file holds, and whether it can be used as
/// population by sex and single-year age (every problem listed).
pub fn read(file: &std::path::Path) -> Result<(), Failure> {
    let label = file.display().to_string();
    let input = |what: String, fix: &str| {
        Failure::Input(Problems {
            file: label.clone(),
            problems: vec![Problem::new(TomlPath::root(), what).fix(fix)],
        })
    };
    let bytes = std::fs::read(file)
        .map_err(|e| input(format!("cannot read the file: {e}"), "check the path"))?;
    let table = crate::ssb::read(&bytes, &label).map_err(|e| input(e.message(), &e.fix))?;
    say!("{}", crate::ssb::describe(&table));
    match crate::ssb::to_population(&table, &|k| data::municipality(k).is_some(), None) {
        Ok(rows) => {
            say!("usable: {} municipality-years with every age 0-105 for both sexes; name it in a scenario's [demography] section", rows.len());
            Ok(())
        }
        Err(ps) => Err(Failure::Input(Problems {
            file: label.clone(),
            problems: ps
                .into_iter()
                .map(|p| Problem::new(TomlPath::root(), p.message()).fix(p.fix))
                .collect(),
        })),
    }
}
