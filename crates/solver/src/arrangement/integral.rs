//! Integer representatives for the arrangement's arithmetic.
//!
//! A central arrangement only cares about signs of `w·x`, and multiplying a sample, a witness
//! or a basis vector by a positive number changes no sign. So the enumeration and the lattice
//! of flats work with primitive integer vectors: exact, and much cheaper than rationals
//! (no gcd reduction after every operation).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use relucert_exact::Q;

/// The integer dot product.
pub fn dot_z(a: &[BigInt], b: &[BigInt]) -> BigInt {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The smallest positive integer multiple of a rational vector (the vector times the lcm of
/// its denominators).
pub fn integer_multiple(w: &[Q]) -> Vec<BigInt> {
    let mut lcm = BigInt::one();
    for v in w {
        if !v.denom().is_one() {
            lcm = lcm.lcm(v.denom());
        }
    }
    if lcm.is_one() {
        return w.iter().map(|v| v.numer().clone()).collect();
    }
    w.iter().map(|v| v.numer() * (&lcm / v.denom())).collect()
}

/// An integer vector divided by the gcd of its entries (`0` stays `0`).
pub fn primitive_integer(w: Vec<BigInt>) -> Vec<BigInt> {
    let mut gcd = BigInt::zero();
    for v in &w {
        gcd = gcd.gcd(v);
        if gcd.is_one() {
            return w;
        }
    }
    if gcd.is_zero() {
        return w;
    }
    w.into_iter().map(|v| v / &gcd).collect()
}

/// The positive multiple of a rational vector that is a primitive integer vector.
pub fn primitive(w: &[Q]) -> Vec<Q> {
    primitive_integer(integer_multiple(w))
        .into_iter()
        .map(Q::from_integer)
        .collect()
}

/// The hyperplane of a non-zero integer form, canonically: its primitive multiple with a
/// positive first non-zero entry (parallel and anti-parallel forms agree), and whether the form
/// points the same way as that representative. `None` for the zero form.
pub fn direction(h: &[BigInt]) -> Option<(Vec<BigInt>, bool)> {
    let positive = h.iter().find(|v| !v.is_zero())?.is_positive();
    let normal = primitive_integer(h.to_vec());
    Some(if positive {
        (normal, true)
    } else {
        (normal.into_iter().map(|v| -v).collect(), false)
    })
}

/// A basis of `{u : h·u = 0}` (for `h ≠ 0`) of integer vectors: with `p` the first non-zero
/// entry of `h`, the vectors `h_p e_j − h_j e_p` for `j ≠ p`.
pub fn hyperplane_basis(h: &[BigInt]) -> Vec<Vec<BigInt>> {
    let p = h.iter().position(|v| !v.is_zero()).unwrap_or(0);
    (0..h.len())
        .filter(|&j| j != p)
        .map(|j| {
            let mut b = vec![BigInt::zero(); h.len()];
            b[j] = h[p].clone();
            b[p] = -h[j].clone();
            b
        })
        .collect()
}

/// `Σ_l v_l b_l` for coordinates `v` in the basis `basis` of vectors of length `k`.
pub fn combine(basis: &[Vec<BigInt>], v: &[BigInt], k: usize) -> Vec<BigInt> {
    let mut p = vec![BigInt::zero(); k];
    for (vl, b) in v.iter().zip(basis) {
        if vl.is_zero() {
            continue;
        }
        for (pj, bj) in p.iter_mut().zip(b) {
            *pj += vl * bj;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::q;

    fn z(v: &[i64]) -> Vec<BigInt> {
        v.iter().map(|&a| BigInt::from(a)).collect()
    }

    #[test]
    fn representatives() {
        assert_eq!(integer_multiple(&[q(2, 3), q(-4, 9)]), z(&[6, -4]));
        assert_eq!(primitive(&[q(2, 3), q(-4, 9)]), vec![q(3, 1), q(-2, 1)]);
        assert_eq!(direction(&z(&[0, -2, 4])), Some((z(&[0, 1, -2]), false)));
        assert_eq!(direction(&z(&[0, 0])), None);
        let h = z(&[0, 3, -2]);
        let basis = hyperplane_basis(&h);
        assert_eq!(basis.len(), 2);
        assert!(basis.iter().all(|b| dot_z(&h, b).is_zero()));
        assert_eq!(combine(&basis, &z(&[1, 1]), 3), z(&[3, 2, 3]));
    }
}
