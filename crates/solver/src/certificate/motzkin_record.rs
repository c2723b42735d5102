//! Motzkin multipliers as certificate records: the record holds them as [`Rat`] (machine words
//! where they fit), so a certificate's million multipliers cost no heap allocation each.

use relucert_exact::{Q, Rat};
use relucert_format::MotzkinRecord;

use crate::feasibility::Motzkin;

impl Motzkin<Q> {
    /// The record of these multipliers (same values).
    pub fn record(&self) -> MotzkinRecord {
        let rat = |v: &[Q]| v.iter().map(Rat::from_q).collect();
        MotzkinRecord {
            strict: rat(&self.strict),
            nonstrict: rat(&self.nonstrict),
            equalities: rat(&self.equalities),
        }
    }
}

impl Motzkin<Rat> {
    /// The record of these multipliers, moved out (left empty).
    pub fn take_record(&mut self) -> MotzkinRecord {
        MotzkinRecord {
            strict: std::mem::take(&mut self.strict),
            nonstrict: std::mem::take(&mut self.nonstrict),
            equalities: std::mem::take(&mut self.equalities),
        }
    }

    /// The record of these multipliers (copied).
    pub fn record(&self) -> MotzkinRecord {
        MotzkinRecord {
            strict: self.strict.clone(),
            nonstrict: self.nonstrict.clone(),
            equalities: self.equalities.clone(),
        }
    }
}
