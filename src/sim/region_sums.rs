//! How region frames are summed: a region that is the disjoint union of
//! smaller regions (the whole country of its counties) is summed from their
//! sums instead of from every unit again. For a national run that is 15 sums
//! instead of 357 for the national region. A region's own units are added in
//! unit order as they are simulated, then its parts in `order`. Pure: indices
//! and frames in, sums out.

use std::collections::BTreeSet;

use crate::model::Region;
use crate::stats::frame::{add_all, Frame};

/// What each region's frames are the sum of, and an order to sum them in.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSums {
    /// Regions in an order where every region comes after its parts.
    pub order: Vec<usize>,
    /// Per region: the smaller regions and the units it is the sum of.
    pub parts: Vec<(Vec<usize>, Vec<usize>)>,
}

impl RegionSums {
    pub fn new(regions: &[Region]) -> Self {
        // A region listing a unit twice counts it twice: it is summed from its
        // units and is never a part of another.
        let sets: Vec<Option<BTreeSet<usize>>> = regions
            .iter()
            .map(|r| {
                let s: BTreeSet<usize> = r.members.iter().copied().collect();
                (s.len() == r.members.len()).then_some(s)
            })
            .collect();
        let mut order: Vec<usize> = (0..regions.len()).collect();
        order.sort_by_key(|&r| (regions[r].members.len(), r));
        let mut parts = vec![(Vec::new(), Vec::new()); regions.len()];
        for (k, &r) in order.iter().enumerate() {
            let Some(mine) = &sets[r] else {
                parts[r].1.clone_from(&regions[r].members);
                continue;
            };
            // Smaller regions inside this one, the largest first, each
            // disjoint from those taken before it.
            let mut inside: Vec<usize> = order[..k]
                .iter()
                .copied()
                .filter(|&s| {
                    sets[s].as_ref().is_some_and(|set| {
                        !set.is_empty() && set.len() < mine.len() && set.is_subset(mine)
                    })
                })
                .collect();
            inside.sort_by_key(|&s| (std::cmp::Reverse(regions[s].members.len()), s));
            let mut covered = BTreeSet::new();
            let mut subs = Vec::new();
            for s in inside {
                let set = sets[s].as_ref().expect("filtered above");
                if set.is_disjoint(&covered) {
                    covered.extend(set.iter().copied());
                    subs.push(s);
                }
            }
            let units = regions[r]
                .members
                .iter()
                .copied()
                .filter(|u| !covered.contains(u))
                .collect();
            parts[r] = (subs, units);
        }
        Self { order, parts }
    }

    /// Per unit of `units`: the regions its frames are added to directly (a
    /// region listing it twice, twice), the rest coming through `add_parts`.
    pub fn regions_of(&self, units: usize) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); units];
        for (r, (_, members)) in self.parts.iter().enumerate() {
            for &u in members {
                out[u].push(r);
            }
        }
        out
    }

    /// Completes `sums` (region after region, `len` frames each, holding the
    /// sums of their own units): adds each region's parts, in `order`.
    pub fn add_parts(&self, sums: &mut [Frame], len: usize) {
        for &r in &self.order {
            for &s in &self.parts[r].0 {
                let (whole, part) = if s < r {
                    let (a, b) = sums.split_at_mut(r * len);
                    (&mut b[..len], &a[s * len..(s + 1) * len])
                } else {
                    let (a, b) = sums.split_at_mut(s * len);
                    (&mut a[r * len..(r + 1) * len], &b[..len])
                };
                add_all(whole, part);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(members: &[usize]) -> Region {
        Region {
            id: String::new(),
            name: String::new(),
            members: members.to_vec(),
        }
    }

    /// A country of six units, two counties (one with a district), and a
    /// region listing a unit twice.
    fn country() -> [Region; 5] {
        [
            region(&[0, 1, 2, 3, 4, 5]),
            region(&[0, 1]),
            region(&[2, 3, 4]),
            region(&[3, 4]),
            region(&[1, 1]),
        ]
    }

    #[test]
    fn a_country_is_the_sum_of_its_counties_and_the_rest() {
        let regions = country();
        let s = RegionSums::new(&regions);
        assert_eq!(s.parts[0], (vec![2, 1], vec![5]));
        assert_eq!(s.parts[2], (vec![3], vec![2]));
        assert_eq!(s.parts[1], (vec![], vec![0, 1]));
        // Listed twice: summed as given, and part of nothing.
        assert_eq!(s.parts[4], (vec![], vec![1, 1]));
        // Every region after its parts.
        let at = |r: usize| s.order.iter().position(|&x| x == r).unwrap();
        for (r, (subs, _)) in s.parts.iter().enumerate() {
            assert!(subs.iter().all(|&p| at(p) < at(r)));
        }
    }

    #[test]
    fn units_then_parts_give_every_region_the_sum_of_its_members() {
        let regions = country();
        let s = RegionSums::new(&regions);
        // Two frames a region; unit u has u + 1 departures and 10^u vacancies.
        let len = 2;
        let unit = |u: usize| Frame {
            departures: u as u32 + 1,
            vacant: 10u32.pow(u as u32),
            ..Frame::default()
        };
        let mut sums = vec![Frame::default(); regions.len() * len];
        for (u, of) in s.regions_of(6).iter().enumerate() {
            for &r in of {
                for f in &mut sums[r * len..(r + 1) * len] {
                    f.add(&unit(u));
                }
            }
        }
        s.add_parts(&mut sums, len);
        for (r, region) in regions.iter().enumerate() {
            let mut want = Frame::default();
            for &u in &region.members {
                want.add(&unit(u));
            }
            for f in &sums[r * len..(r + 1) * len] {
                assert_eq!(
                    (f.vacant, f.departures),
                    (want.vacant, want.departures),
                    "region {r}"
                );
            }
        }
    }
}
