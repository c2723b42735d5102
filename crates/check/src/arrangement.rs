//! Rules `chamber-witness` and `chamber-count`: the listed chambers are real, distinct and
//! as many as Zaslavsky's theorem says the arrangement has — so the list is complete. The
//! count comes from the checker's own lattice of flats ([`super::flats`]), cross-checked by
//! Whitney's subset formula on small instances.

use super::Rejection;
use super::design::{is_zero_sample, parse_signs, sign};
use super::flats::Lattice;
use relucert_exact::Q;
use relucert_exact::matrix::dot;
use relucert_format::Certificate;

/// Up to this many non-zero samples the checker also evaluates Whitney's subset formula, as an
/// independent cross-check of the lattice count (it walks `2^N'` subsets).
pub const SUBSET_CROSS_CHECK: usize = 12;

/// Every chamber: a valid sign string (`0` exactly at zero samples), a witness of length `d`
/// with exactly those signs; the list strictly increasing by sign string (so no repeats).
pub fn check_witnesses(cert: &Certificate) -> Result<(), Rejection> {
    let inst = &cert.instance;
    let d = inst.x[0].len();
    let mut previous: Option<&str> = None;
    for (j, ch) in cert.arrangement.chambers.iter().enumerate() {
        let loc = format!("arrangement.chambers[{j}] ({})", ch.signs);
        let bad = |detail: String| Err(Rejection::new("chamber-witness", loc.clone(), detail));
        let Some(signs) = parse_signs(&ch.signs) else {
            return bad("sign string has a character other than +, -, 0".into());
        };
        if signs.len() != inst.x.len() {
            return bad(format!("expected {} signs, found {}", inst.x.len(), signs.len()));
        }
        if ch.witness.len() != d {
            return bad(format!(
                "expected a witness with {d} coordinates, found {}",
                ch.witness.len()
            ));
        }
        for (i, x) in inst.x.iter().enumerate() {
            let zero = is_zero_sample(x);
            if zero != (signs[i] == 0) {
                return bad(format!("sample {i}: sign 0 must mark exactly the zero samples"));
            }
            if !zero && sign(&dot(&ch.witness, x)) != signs[i] {
                return bad(format!("the witness has the wrong sign on sample {i}"));
            }
        }
        if let Some(prev) = previous
            && prev >= ch.signs.as_str()
        {
            return bad(format!("chambers must be sorted and distinct; follows {prev}"));
        }
        previous = Some(&ch.signs);
    }
    Ok(())
}

/// The number of chambers, `Σ_G |μ(0̂, G)|` over the checker's own lattice of flats
/// (Zaslavsky; [`Lattice`]), must equal both the recorded count and the number of listed
/// chambers. With at most [`SUBSET_CROSS_CHECK`] non-zero samples, Whitney's subset formula
/// `Σ_S (−1)^{|S| − rank(x_S)}` must give the same number. Refused (rejected with the size)
/// when the lattice is above the limits of [`super::flats`]. Returns the count.
pub fn check_count(cert: &Certificate) -> Result<u64, Rejection> {
    let samples: Vec<&Vec<Q>> = cert.instance.x.iter().filter(|x| !is_zero_sample(x)).collect();
    // Two independent counts, side by side.
    let (count, subsets) = rayon::join(
        || Lattice::build(&cert.instance.x, &[]).and_then(|lattice| lattice.chamber_count()),
        || (samples.len() <= SUBSET_CROSS_CHECK).then(|| whitney_count(&samples)),
    );
    let count = count.map_err(|why| {
        Rejection::new(
            "chamber-count",
            "instance.x",
            format!("{} non-zero samples: {why}", samples.len()),
        )
    })?;
    if let Some(subsets) = subsets {
        if subsets != i64::try_from(count).unwrap_or(-1) {
            return Err(Rejection::new(
                "chamber-count",
                "instance.x",
                format!("the lattice of flats gives {count} chambers, Whitney's subset formula {subsets}"),
            ));
        }
    }
    if count != cert.arrangement.count {
        return Err(Rejection::new(
            "chamber-count",
            "arrangement.count",
            format!(
                "Zaslavsky's count gives {count}, the certificate says {}",
                cert.arrangement.count
            ),
        ));
    }
    let listed = cert.arrangement.chambers.len() as u64;
    if listed != cert.arrangement.count {
        return Err(Rejection::new(
            "chamber-count",
            "arrangement.chambers",
            format!("{listed} chambers listed, the arrangement has {count}"),
        ));
    }
    Ok(listed)
}

/// `Σ_{S} (−1)^{|S| − rank(x_S)}`, by a depth-first walk over subsets that keeps an echelon
/// basis of the span of the chosen samples, so each rank is updated incrementally.
fn whitney_count(samples: &[&Vec<Q>]) -> i64 {
    fn walk(samples: &[&Vec<Q>], next: usize, basis: &mut Vec<(usize, Vec<Q>)>, size: usize) -> i64 {
        let exponent = size - basis.len();
        let mut total = if exponent.is_multiple_of(2) { 1 } else { -1 };
        for i in next..samples.len() {
            let reduced = reduce(samples[i], basis);
            match reduced.iter().position(|v| *v != Q::from_integer(0.into())) {
                Some(pivot) => {
                    basis.push((pivot, reduced));
                    total += walk(samples, i + 1, basis, size + 1);
                    basis.pop();
                }
                None => total += walk(samples, i + 1, basis, size + 1),
            }
        }
        total
    }
    walk(samples, 0, &mut Vec::new(), 0)
}

/// Reduce `x` against basis rows `(pivot, row)` (each row has a non-zero entry at its pivot,
/// and later rows are zero at earlier pivots): the result is zero iff `x` is in the span.
fn reduce(x: &[Q], basis: &[(usize, Vec<Q>)]) -> Vec<Q> {
    let mut v = x.to_vec();
    for (pivot, row) in basis {
        if v[*pivot] != Q::from_integer(0.into()) {
            let f = &v[*pivot] / &row[*pivot];
            for (vt, rt) in v.iter_mut().zip(row) {
                *vt -= &f * rt;
            }
        }
    }
    v
}
