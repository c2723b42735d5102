//! [`Arrangement`]: the enumerated chambers (and faces) of the data, checked against the
//! Whitney/Zaslavsky counts. Matching counts prove that nothing was missed
//! (`proofs/arrangement-completeness.md`).

use std::collections::HashSet;

use crate::arrangement::count::{chambers_of_restriction, whitney_subset_count};
use crate::arrangement::enumerate;
use crate::arrangement::face::Face;
use crate::arrangement::flat::Lattice;
use crate::error::{Error, Result};
use relucert_exact::Q;

/// The chambers (and optionally faces) of the arrangement of the samples, with the counts
/// that prove the lists complete.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrangement {
    /// Every chamber with an exact witness, sorted by sign string.
    pub chambers: Vec<Face>,
    /// Every face with an exact witness, sorted by sign string (when asked for).
    pub faces: Option<Vec<Face>>,
    /// The number of chambers by Zaslavsky's theorem on the lattice of flats.
    pub chamber_count: u64,
    /// The number of faces, `Σ_F #chambers(restriction to F)` (when faces were asked for).
    pub face_count: Option<u64>,
    /// Whitney's subset formula, when there are at most 16 non-zero samples (a second,
    /// independent count of the chambers).
    pub whitney_count: Option<u64>,
    /// The number of flats.
    pub flat_count: usize,
    /// What failed, if anything: a witness with the wrong signs, a repeated sign vector, or a
    /// count mismatch. Empty means the lists are proved complete. (Never expected to fail.)
    pub problems: Vec<String>,
}

impl Arrangement {
    /// Enumerate and count. `samples` are the rows `x_i` (equal lengths); with `with_faces`
    /// the faces are enumerated and counted too.
    pub fn compute(samples: &[Vec<Q>], with_faces: bool) -> Result<Arrangement> {
        let d = samples.first().map_or(0, |x| x.len());
        if let Some(i) = samples.iter().position(|x| x.len() != d) {
            return Err(Error::Input(format!(
                "x[{i}]: expected {d} coordinates like x[0], found {}",
                samples[i].len()
            )));
        }
        // Three independent computations; Whitney's formula (the slowest) runs beside the
        // other two.
        let ((lattice, chamber_count, chambers), whitney_count) = rayon::join(
            || {
                let lattice = Lattice::of(samples, d);
                let chamber_count = chambers_of_restriction(&lattice, 0);
                (lattice, chamber_count, enumerate::chambers(samples))
            },
            || whitney_subset_count(samples),
        );
        let mut problems = Vec::new();
        check_list("chamber", &chambers, chamber_count, samples, &mut problems);
        if let Some(w) = whitney_count
            && w != chamber_count
        {
            problems.push(format!(
                "Whitney's subset formula gives {w} chambers, the lattice of flats {chamber_count}"
            ));
        }
        if let Some(c) = chambers.iter().find(|c| !c.is_chamber(samples)) {
            problems.push(format!("{} is not a chamber", c.signs));
        }
        let (faces, face_count) = if with_faces {
            let count: u64 = (0..lattice.len())
                .map(|f| chambers_of_restriction(&lattice, f))
                .sum();
            let faces = enumerate::faces(samples);
            check_list("face", &faces, count, samples, &mut problems);
            (Some(faces), Some(count))
        } else {
            (None, None)
        };
        Ok(Arrangement {
            chambers,
            faces,
            chamber_count,
            face_count,
            whitney_count,
            flat_count: lattice.len(),
            problems,
        })
    }

    /// True when every witness verified, the sign vectors are distinct and the numbers found
    /// equal the counts: the lists are then complete.
    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }
}

fn check_list(what: &str, list: &[Face], count: u64, samples: &[Vec<Q>], problems: &mut Vec<String>) {
    for f in list {
        if !f.verify(samples) {
            problems.push(format!(
                "the witness of {what} {} does not have its signs",
                f.signs
            ));
        }
    }
    let distinct: HashSet<_> = list.iter().map(|f| &f.signs).collect();
    if distinct.len() != list.len() {
        problems.push(format!("a {what} sign vector was found twice"));
    }
    if list.len() as u64 != count {
        problems.push(format!("found {} {what}s, the count is {count}", list.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    #[test]
    fn figure_one_is_complete() {
        let x: Vec<Vec<Q>> = [[-1, 1], [2, 1], [1, 3]]
            .iter()
            .map(|r| r.iter().map(|&a| qi(a)).collect())
            .collect();
        let a = Arrangement::compute(&x, true).unwrap();
        assert!(a.is_complete(), "{:?}", a.problems);
        assert_eq!(a.chambers.len(), 6);
        assert_eq!(a.chamber_count, 6);
        assert_eq!(a.whitney_count, Some(6));
        assert_eq!(a.face_count, Some(13));
        assert_eq!(a.faces.as_ref().map(Vec::len), Some(13));
    }

    #[test]
    fn ragged_samples_are_an_input_error() {
        let x = vec![vec![qi(1), qi(2)], vec![qi(1)]];
        assert!(matches!(Arrangement::compute(&x, false), Err(Error::Input(_))));
    }
}
