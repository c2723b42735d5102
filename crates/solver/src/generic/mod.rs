//! Genericity of the data (SPEC §5): general position of the samples, and Laurent–von Brecht's
//! rare versus generic data (Def. 1), both decided exactly and with witnesses.
//!
//! - [`general_position`]: every `min(N, d)` samples independent, or the first dependent subset
//!   with an exact linear dependency; the general-position chamber count.
//! - [`rare`]: the question of Def. 1 (classes, weights, `α`, depth), witnesses and their
//!   verification by substitution.
//! - [`rare_search`]: the meet-in-the-middle decision used by the tool.
//! - [`rare_enumeration`]: an independent depth-first decision for small inputs.
//! - [`certificate`]: the verdicts as a `relucert-generic/1` certificate.
//!
//! Meaning and limits: `docs/genericity.md`; the search's proof: `proofs/rare-data-search.md`.

pub mod certificate;
pub mod general_position;
pub mod rare;
pub mod rare_enumeration;
pub mod rare_search;

pub use certificate::build_certificate;
pub use general_position::{
    GeneralPosition, general_position, general_position_chamber_count, verify_dependency,
};
pub use rare::{RareProblem, RareWitness, SampleChoice, verify_rare_witness};
pub use rare_enumeration::rare_by_enumeration;
pub use rare_search::{RareSearch, decide_rare, decide_rare_with_limit};
