//! Words that depend on whom a scenario's units employ: GPs only (the GP
//! service: "hjemler", patients without a GP), doctors (GPs and hospital
//! specialists), nurses, or a mix. Used by report titles, table headers and
//! chart captions so that a nurse scenario is not called "fastlegedekningen".
//! Owns wording only; never numbers or formatting.

use crate::model::{Model, Role};
use crate::output::numfmt::Lang;

/// Whom a set of units employ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staff {
    /// GP services only (also an empty set).
    Gps,
    /// Doctors: GPs and hospital specialists.
    Doctors,
    Nurses,
    Mixed,
}

impl Staff {
    pub fn of(roles: impl IntoIterator<Item = Role>) -> Staff {
        let (mut gp, mut specialist, mut nurse, mut other) = (false, false, false, false);
        for r in roles {
            match r {
                Role::Gp => gp = true,
                Role::Specialist => specialist = true,
                Role::Nurse => nurse = true,
                Role::Other => other = true,
            }
        }
        match (gp, specialist, nurse, other) {
            (_, false, false, false) => Staff::Gps,
            (_, true, false, false) => Staff::Doctors,
            (false, false, true, false) => Staff::Nurses,
            _ => Staff::Mixed,
        }
    }

    /// Every unit of the model.
    pub fn of_model(model: &Model) -> Staff {
        Staff::of(model.units.iter().map(|u| u.role))
    }

    /// Entity `e`: a unit, or (from `units.len()` on) a region's members.
    pub fn of_entity(model: &Model, e: usize) -> Staff {
        Staff::of(roles(model, e))
    }

    /// Whether entity `e` has a GP service: only they have patients without a GP.
    pub fn has_gp(model: &Model, e: usize) -> bool {
        roles(model, e).any(|r| r == Role::Gp)
    }

    /// A report's title, before the scenario's name.
    pub fn title(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Nb, Staff::Gps) => "Framskriving av fastlegedekningen",
            (Lang::Nb, Staff::Doctors) => "Framskriving av legedekningen",
            (Lang::Nb, Staff::Nurses) => "Framskriving av sykepleierdekningen",
            (Lang::Nb, Staff::Mixed) => "Framskriving av bemanningen",
            (Lang::En, Staff::Gps) => "Projection of GP coverage",
            (Lang::En, Staff::Doctors) => "Projection of doctor staffing",
            (Lang::En, Staff::Nurses) => "Projection of nurse staffing",
            (Lang::En, Staff::Mixed) => "Projection of staffing",
        }
    }

    /// Vacant positions, as a column name: GP services count lists
    /// ("hjemler"), everyone else positions.
    pub fn vacant(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Nb, Staff::Gps) => "Ledige hjemler",
            (Lang::Nb, _) => "Ledige stillinger",
            (Lang::En, _) => "Vacant positions",
        }
    }

    /// Positions, as a plural noun: GP services have lists ("hjemler").
    pub fn positions(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Nb, Staff::Gps) => "hjemler",
            (Lang::Nb, _) => "stillinger",
            (Lang::En, _) => "positions",
        }
    }

    /// Who leaves and retires, in the method's words.
    pub fn people(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Nb, Staff::Gps | Staff::Doctors) => "leger",
            (Lang::Nb, Staff::Nurses) => "sykepleiere",
            (Lang::Nb, Staff::Mixed) => "ansatte",
            (Lang::En, Staff::Gps | Staff::Doctors) => "doctors",
            (Lang::En, Staff::Nurses) => "nurses",
            (Lang::En, Staff::Mixed) => "staff",
        }
    }

    /// The simulated service, in the method's words.
    pub fn service(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Nb, Staff::Gps) => "fastlegetjenesten",
            (Lang::Nb, _) => "tjenestene",
            (Lang::En, Staff::Gps) => "the GP service",
            (Lang::En, _) => "the services",
        }
    }
}

/// The roles of entity `e`: a unit's own, or those of a region's members.
fn roles(model: &Model, e: usize) -> impl Iterator<Item = Role> + '_ {
    let members: Vec<usize> = match model.units.get(e) {
        Some(_) => vec![e],
        None => model.regions[e - model.units.len()].members.clone(),
    };
    members.into_iter().map(|u| model.units[u].role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_name_the_staff() {
        assert_eq!(Staff::of([Role::Gp, Role::Gp]), Staff::Gps);
        assert_eq!(Staff::of([Role::Gp, Role::Specialist]), Staff::Doctors);
        assert_eq!(Staff::of([Role::Specialist]), Staff::Doctors);
        assert_eq!(Staff::of([Role::Nurse, Role::Nurse]), Staff::Nurses);
        assert_eq!(Staff::of([Role::Gp, Role::Nurse]), Staff::Mixed);
        assert_eq!(Staff::of([Role::Other]), Staff::Mixed);
        assert_eq!(Staff::of([]), Staff::Gps);
        assert_eq!(
            Staff::Nurses.title(Lang::Nb),
            "Framskriving av sykepleierdekningen"
        );
        assert_eq!(Staff::Doctors.vacant(Lang::Nb), "Ledige stillinger");
    }
}
