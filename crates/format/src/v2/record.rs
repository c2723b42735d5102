//! The records of `relucert/2`, one per line, tagged by `"kind"`. To add a kind: a struct, a
//! variant of [`Record`], and its arms in [`Record::kind_name`] and [`Record::family_key`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::sparse::SparseMotzkin;
use crate::family::PointRecord;
use crate::rational_text;
pub use crate::reduction::ReductionRecord;
use crate::{InstanceRecord, LeastSquaresRecord, Summary, WitnessRecord};
use relucert_exact::Q;

/// One line of a `relucert/2` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// First line: the format, the instance and the options.
    Header(Header),
    /// A chamber of the data arrangement (ids 0, 1, … in sign-string order).
    Chamber(ChamberLine),
    /// Closes the chamber list with the Whitney/Zaslavsky count.
    Arrangement(ArrangementLine),
    /// A face of the data arrangement with its local regions (families stage).
    Face(FaceLine),
    /// Closes the face list with the Zaslavsky face count.
    Faces(FacesLine),
    /// One cell combination.
    Cell(CellLine),
    /// A non-empty family of local minima.
    Family(FamilyLine),
    /// An empty face/mode combination with its Motzkin refutation.
    FamilyRefutation(FamilyRefutationLine),
    /// With the `reduce` option: the first record of the families stream, stating what the
    /// reduced search covers (`proofs/family-reductions.md`); the same payload as
    /// `relucert/1`'s `reduction` field.
    Reduction(ReductionRecord),
    /// Last line: counts per kind and the summary.
    Trailer(Trailer),
    /// Last line of a shard (instead of the trailer): counts per kind.
    ShardEnd(super::shard::ShardEnd),
}

impl Record {
    /// The `kind` tag of the record (the key of [`Trailer::counts`]).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Record::Header(_) => "header",
            Record::Chamber(_) => "chamber",
            Record::Arrangement(_) => "arrangement",
            Record::Face(_) => "face",
            Record::Faces(_) => "faces",
            Record::Cell(_) => "cell",
            Record::Family(_) => "family",
            Record::FamilyRefutation(_) => "family_refutation",
            Record::Reduction(_) => "reduction",
            Record::Trailer(_) => "trailer",
            Record::ShardEnd(_) => "shard_end",
        }
    }

    /// For a record of the families stream: its (face, mode) faces and modes, whose items
    /// `3·face + mode` (modes `+`, `-`, `0` = 0, 1, 2) order the stream. `None` otherwise.
    pub fn family_key(&self) -> Option<(&[u64], &str)> {
        match self {
            Record::Family(f) => Some((&f.f, &f.m)),
            Record::FamilyRefutation(f) => Some((&f.f, &f.m)),
            _ => None,
        }
    }
}

/// The options a certificate was produced with (they decide which sections follow).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The families stage ran: `face`/`faces` records, the families stream and the summary's
    /// global minimum and verdict are present.
    pub families: bool,
    /// Cells carry `least_squares` (`A⁺`, `R₀`, null-space basis).
    #[serde(default)]
    pub least_squares: bool,
    /// Reductions were used (records of reduction kinds may appear in the families stream).
    #[serde(default)]
    pub reduce: bool,
}

/// The first record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always [`super::FORMAT`].
    pub format: String,
    /// The instance, after bias augmentation (as in `relucert/1`).
    pub instance: InstanceRecord,
    /// What the file contains.
    pub options: Options,
    /// Present in a shard only: the part of the work it covers (`docs/cluster.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<super::shard::ShardSpec>,
}

/// A chamber: id, sign string, a point of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChamberLine {
    /// `0, 1, …` in the order of the lines.
    pub id: u64,
    /// One of `+`, `-`, `0` per sample (`0` exactly at zero samples).
    pub signs: String,
    /// A point `w` with these signs.
    #[serde(with = "rational_text::vec")]
    pub witness: Vec<Q>,
}

/// After the chambers: how many there are (Whitney/Zaslavsky).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrangementLine {
    /// The number of chambers.
    pub count: u64,
}

/// A local region `T` of a face: one sign per sample of `Z'` (ascending) and a direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionLine {
    /// `+` for samples of `T`, `-` for the others of `Z'`, in ascending sample order.
    pub t: String,
    /// `v` with `v·x_i > 0` on `T` and `< 0` on `Z'∖T`.
    #[serde(with = "rational_text::vec")]
    pub v: Vec<Q>,
}

/// A face with its local regions (every chamber of the small arrangement of `Z'`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceLine {
    /// `0, 1, …` in the order of the lines (sign-string order).
    pub id: u64,
    /// One of `+`, `-`, `0` per sample.
    pub signs: String,
    /// A point of the face.
    #[serde(with = "rational_text::vec")]
    pub witness: Vec<Q>,
    /// The local regions, in the order the family systems use them.
    pub regions: Vec<RegionLine>,
}

/// After the faces: how many there are (Zaslavsky).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacesLine {
    /// The number of faces.
    pub count: u64,
}

/// One refuted sign vector of a cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRefutation {
    /// The sign vector `s ∈ {+,−,0}^K`.
    pub s: String,
    /// Motzkin multipliers for the cell system of `s`.
    pub m: SparseMotzkin,
}

/// One cell combination (multiset of chambers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellLine {
    /// Chamber ids, non-decreasing (unit `k` lies in chamber `c[k]`).
    pub c: Vec<u64>,
    /// `rank(A)`.
    pub rank: usize,
    /// `Kd [+1] − rank(A)`.
    pub dim: usize,
    /// The subglobal loss.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// Whether a least-squares solution lies strictly inside the cells.
    pub genuine: bool,
    /// When genuine: a differentiable local minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<WitnessRecord>,
    /// When not genuine: one refutation per sign vector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutations: Option<Vec<CellRefutation>>,
    /// With the `least_squares` option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_squares: Option<LeastSquaresRecord>,
}

/// A non-empty family of local minima.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyLine {
    /// Face ids, one per unit (with `m`: items `3·f + mode` non-decreasing).
    pub f: Vec<u64>,
    /// Modes, one of `+`, `-`, `0` per unit.
    pub m: String,
    /// The loss, constant on the family.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// A local minimum in the family.
    pub witness: PointRecord,
    /// Per unit, per region of its face (the face's order), the multipliers `ν` over `Z'`
    /// ascending (`λ` on `T`, `μ` off it); empty lists for mode-0 units.
    #[serde(with = "nested")]
    pub nu: Vec<Vec<Vec<Q>>>,
    /// Every unit with mode ≠ 0 lies in a chamber.
    pub differentiable: bool,
}

/// An empty face/mode combination.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyRefutationLine {
    /// Face ids.
    pub f: Vec<u64>,
    /// Modes.
    pub m: String,
    /// Multipliers for the family system built with every region of every unit's face.
    pub motzkin: SparseMotzkin,
}

/// A distinct loss value of the families, with how many families have it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelLine {
    /// The loss.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// Families (`family` records) with this loss.
    pub families: u64,
    /// `loss > global_min`.
    pub spurious: bool,
    /// The plain answer's count: distinct *cores* (inert units dropped, equal items merged;
    /// the empty core counts once) of the `family` records with this loss — the `families` of
    /// `relucert/1`'s `levels`. Optional when reading (older streams); always written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores: Option<u64>,
    /// Of those cores, how many have a differentiable `family` record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differentiable: Option<u64>,
    /// Some core has `K` units (the level needs no dead, zero or duplicated unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_width: Option<bool>,
}

/// The last record: counts per kind (completeness of the stream) and the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trailer {
    /// Number of records of each kind before the trailer (header included).
    pub counts: BTreeMap<String, u64>,
    /// The totals of `relucert/1`'s summary.
    pub summary: Summary,
    /// With families: the distinct family losses, increasing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<LevelLine>>,
}

/// `Vec<Vec<Vec<Q>>>` as nested arrays of rational strings.
mod nested {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use relucert_exact::{Q, format_q, parse_q};

    pub fn serialize<S: Serializer>(v: &[Vec<Vec<Q>>], s: S) -> Result<S::Ok, S::Error> {
        v.iter()
            .map(|u| {
                u.iter()
                    .map(|r| r.iter().map(format_q).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Vec<Q>>>, D::Error> {
        let texts = Vec::<Vec<Vec<String>>>::deserialize(d)?;
        texts
            .iter()
            .map(|u| {
                u.iter()
                    .map(|r| {
                        r.iter()
                            .map(|t| parse_q(t).map_err(serde::de::Error::custom))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }
}
