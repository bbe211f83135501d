//! The report's section on need ("framskriving av legebehov"): need in
//! positions against the positions in force, at the milestone years, as a table
//! a planning document can quote, and a note where the population jumps
//! between the last registered year and SSB's projection. Reads the model's
//! need and populations only; never simulates, never touches files.

use crate::model::{Model, Role};
use crate::output::numfmt::{number, Lang};
use crate::output::table::milestone_years;
use crate::report::Block;

/// More units with need than this: the table shows regions instead.
const MAX_UNIT_ROWS: usize = 30;

/// The need section's blocks (none when no unit has a need).
pub fn section(model: &Model, lang: Lang) -> Vec<Block> {
    let nb = lang == Lang::Nb;
    let with_need: Vec<usize> = (0..model.units.len())
        .filter(|&i| model.units[i].need.is_some())
        .collect();
    if with_need.is_empty() {
        return Vec::new();
    }
    let mut years = vec![model.base_year];
    years.extend(milestone_years(model));
    // Rows: units, or regions (their members with need, summed) when there are many.
    let rows: Vec<(String, Vec<usize>)> =
        if with_need.len() <= MAX_UNIT_ROWS || model.regions.is_empty() {
            with_need
                .iter()
                .map(|&i| (model.units[i].name.clone(), vec![i]))
                .collect()
        } else {
            model
                .regions
                .iter()
                .map(|r| {
                    let members = r
                        .members
                        .iter()
                        .copied()
                        .filter(|i| with_need.contains(i))
                        .collect();
                    (r.name.clone(), members)
                })
                .filter(|(_, m): &(String, Vec<usize>)| !m.is_empty())
                .collect()
        };
    let gp_only = with_need.iter().all(|&i| model.units[i].role == Role::Gp);
    // Each row's need and positions per year, summed over its units (every
    // row's units have a need, so the series exists).
    let series: Vec<Vec<crate::output::need::NeedYear>> = rows
        .iter()
        .map(|(_, units)| crate::output::need::series(model, units).unwrap_or_default())
        .collect();
    let mut header = vec![if nb { "Enhet" } else { "Unit" }.to_string()];
    header.extend(years.iter().map(|y| y.to_string()));
    let mut b = vec![
        Block::Heading(if nb { "Behov" } else { "Need" }.into()),
        Block::Table {
            caption: match (nb, gp_only) {
                (true, true) => "Behov for fastleger i årsverk, framskrevet fra befolkningen etter alder og kjønn; i parentes antall hjemler (besatte og ledige) 1. januar",
                (true, false) => "Behov i årsverk, framskrevet fra befolkningen etter alder og kjønn; i parentes antall stillinger (besatte og ledige) 1. januar",
                (false, true) => "Need for GPs in full-time positions, projected from the population by age and sex; in brackets lists (filled and vacant) on 1 January",
                (false, false) => "Need in full-time positions, projected from the population by age and sex; in brackets positions (filled and vacant) on 1 January",
            }
            .into(),
            header,
            rows: rows
                .iter()
                .zip(&series)
                .map(|((name, _), series)| {
                    let mut row = vec![name.clone()];
                    row.extend(years.iter().filter_map(|&y| {
                        let (_, need, positions) = series.get((y - model.base_year) as usize)?;
                        // In digit groups, as every number in the report ("6 506,4 (5 956)").
                        Some(format!(
                            "{} ({})",
                            number(*need, 1, lang),
                            number(f64::from(*positions), 0, lang)
                        ))
                    }));
                    row
                })
                .collect(),
        },
        Block::Text(if nb {
            let (vacant, which) = if gp_only { ("hjemler", "hjemlene") } else { ("stillinger", "stillingene") };
            let more = if gp_only {
                "lengre lister i virkeligheten. Modellen holder listelengden fast (list_length_patients; bare tiltak og endrede hjemler endrer den), så pasienter uten lege og arbeidsbelastningen i resultatene regner ikke med veksten i behovet".to_string()
            } else {
                format!("mer arbeid for dem som er i {which}; modellen regner ikke med den ekstra arbeidsbelastningen")
            };
            format!("Ledige {vacant} i resultatene gjelder {which} som finnes. Et behov som vokser forbi dem, gir ikke flere ledige {vacant}, men {more}. Med need = {{ policy = \"follow_need\" }} følger {which} endringen i behovet fra dagens antall (ikke nivået i tabellen); position_changes i scenariofilen gir {which} dere planlegger.")
        } else {
            let (which, more) = if gp_only {
                ("lists", "longer lists in reality. The model keeps the list length fixed (list_length_patients; only measures and changed lists change it), so patients without a GP and the workload in the results do not count the growth in need")
            } else {
                ("positions", "more work for those in post; the model does not count that extra workload")
            };
            format!("Vacant {which} in the results are of the {which} that exist. A need that grows past them gives no more vacant {which}, but {more}. With need = {{ policy = \"follow_need\" }} the {which} follow the change in need from today's number (not the level in the table); position_changes in the scenario file give the {which} you plan.")
        }),
    ];
    // Need above the lists in the base year is not a shortage by itself.
    let above: Vec<&str> = rows
        .iter()
        .zip(&series)
        .filter(|(_, series)| {
            series
                .first()
                .is_some_and(|(_, need, positions)| *need > 1.05 * f64::from(*positions))
        })
        .map(|((name, _), _)| name.as_str())
        .collect();
    if gp_only && !above.is_empty() {
        let names = crate::output::numfmt::and_list(&above, lang);
        let base = model.base_year;
        b.push(Block::Text(if nb {
            format!("Behovet i {base} er større enn antall hjemler i {names}. Det betyr ikke nødvendigvis mangel i dag: behovet er innbyggerne vektet med hvor mye de bruker fastlegen etter kjønn og alder, delt på listelengden, og blir høyere ved en eldre befolkning enn ellers, lange lister eller innbyggere med fastlege i en annen kommune.")
        } else {
            format!("The need in {base} is above the number of lists in {names}. That is not necessarily a shortage today: need is the residents weighted by how much they use a GP by sex and age, divided by the list length, and it is higher with an older population than elsewhere, long lists or residents listed with a GP in another municipality.")
        }));
    }
    let jumps = seams(model);
    if !jumps.is_empty() {
        // The largest jumps by name; a national run has about a hundred
        // (fresh-eyes review, session 12), which no reader goes through.
        const NAMED: usize = 10;
        let mut largest: Vec<&(String, f64)> = jumps.iter().collect();
        largest.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let mut list: Vec<String> = largest
            .iter()
            .take(NAMED)
            .map(|(name, j)| {
                format!(
                    "{name} ({}{} %)",
                    if *j > 0.0 { "+" } else { "" },
                    number(100.0 * j, 1, lang)
                )
            })
            .collect();
        if jumps.len() > NAMED {
            let rest = number((jumps.len() - NAMED) as f64, 0, lang);
            list.push(if nb {
                format!("{rest} andre (`stabil data show` gir hver kommune)")
            } else {
                format!("{rest} others (`stabil data show` gives each municipality)")
            });
        }
        let list = crate::output::numfmt::and_list(&list, lang);
        let (up, down) = (
            jumps.iter().any(|j| j.1 > 0.0),
            jumps.iter().any(|j| j.1 < 0.0),
        );
        let (side_nb, side_en) = match (up, down) {
            (true, false) => ("over", "above"),
            (false, true) => ("under", "below"),
            _ => ("over eller under", "above or below"),
        };
        b.push(Block::Text(if nb {
            format!("Merk: Folketallet, og dermed behovet, hopper fra 2026 til 2027 i {list}. Registrert folketall går til 2026; fra 2027 følger tallene SSBs framskriving fra 2024 (hovedalternativet MMMM), som her ligger {side_nb} det registrerte. Med calibration = \"growth\" under [demography] i scenariofilen følger framskrivingen SSBs vekst fra registrert nivå, uten hopp.")
        } else {
            format!("Note: the population, and with it the need, jumps from 2026 to 2027 in {list}. Registered population runs to 2026; from 2027 the figures follow SSB's 2024 projection (main alternative MMMM), which lies {side_en} the registered figure there. With calibration = \"growth\" under [demography] in the scenario file, the projection follows SSB's growth from the registered level, without a jump.")
        }));
    }
    b
}

/// Municipalities behind the units' need whose population jumps from 2026 to
/// 2027 (`projection::seam_2027`), with the change (a share).
fn seams(model: &Model) -> Vec<(String, f64)> {
    let last = model.base_year + model.horizon_years as i32 - 1;
    if !(model.base_year <= 2026 && last >= 2027) {
        return Vec::new();
    }
    let mut codes: Vec<&String> = model
        .units
        .iter()
        .filter(|u| u.need.is_some())
        .flat_map(|u| &u.areas)
        .collect();
    codes.sort();
    codes.dedup();
    codes
        .into_iter()
        .filter_map(|c| {
            let jump = crate::data::projection::seam_2027(model.populations.get(c)?)?;
            let name = crate::data::municipality(c).map_or(c.clone(), |m| m.name.clone());
            Some((name, jump))
        })
        .collect()
}
