//! What `relucert point` adds about a point's place in the landscape (SPEC §7): which units are
//! alive (`z_k ≠ 0` and active on some sample), and for a local minimum the shape of its family
//! (the faces of its units and the signs of `z`): dimension in `(R [, c])` and in
//! `(z, w [, c])`, and whether `R` is unique (`proofs/landscape.md`).

use num_traits::{Signed, Zero};

use relucert_format::landscape::FamilyShape;

use crate::arrangement::SignVector;
use crate::certificate::build::instance_record;
use crate::certificate::landscape::{alive, family_shape};
use crate::instance::Instance;
use crate::model::Point;

/// The modes (signs of `z`) as a string, e.g. `"+0"`.
pub fn modes(p: &Point) -> String {
    p.z.iter()
        .map(|z| {
            if z.is_zero() {
                '0'
            } else if z.is_positive() {
                '+'
            } else {
                '-'
            }
        })
        .collect()
}

/// Per unit, whether it is alive.
pub fn units_alive(faces: &[SignVector], p: &Point) -> Vec<bool> {
    faces
        .iter()
        .zip(modes(p).chars())
        .map(|(f, m)| alive(&f.to_string(), m))
        .collect()
}

/// The shape of the family through `p` (meaningful when `p` is a local minimum).
pub fn family_of_point(inst: &Instance, faces: &[SignVector], p: &Point) -> FamilyShape {
    let faces: Vec<String> = faces.iter().map(|f| f.to_string()).collect();
    family_shape(&instance_record(inst), &faces, &modes(p))
}
