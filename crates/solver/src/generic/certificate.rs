//! Assembling a `relucert-generic/1` certificate ([`GenericCertificate`]) from the verdicts of
//! [`general_position`](crate::generic::general_position) and
//! [`decide_rare`](crate::generic::decide_rare). The format is described in
//! `docs/genericity.md`; the checker that re-verifies it is [`crate::checker::genericity`].

use num_bigint::BigInt;
use num_traits::One;

use crate::certificate::genericity::{
    DependencyRecord, GENERIC_FORMAT, GeneralPositionRecord, GenericCertificate, GenericInstanceRecord,
    RareDataRecord, RareWitnessRecord,
};
use crate::generic::{GeneralPosition, RareProblem, RareSearch};
use crate::instance::Instance;
use relucert_exact::Q;

/// The certificate of the verdicts on `instance`: `gp` from
/// [`general_position`](crate::generic::general_position) on `instance.x`, and, when the
/// rare-data question was asked, the problem and the outcome of its search.
pub fn build_certificate(
    instance: &Instance,
    gp: &GeneralPosition,
    rare: Option<(&RareProblem, &RareSearch)>,
) -> GenericCertificate {
    let n = instance.n();
    let weights = match rare {
        Some((p, _)) => p.weights.clone(),
        None => instance
            .weights
            .clone()
            .unwrap_or_else(|| vec![Q::new(BigInt::one(), BigInt::from(n.max(1))); n]),
    };
    let dependency = match (&gp.dependent_subset, &gp.dependency) {
        (Some(subset), Some(coefficients)) => Some(DependencyRecord {
            subset: subset.clone(),
            coefficients: coefficients.clone(),
        }),
        _ => None,
    };
    let rare_data = rare.map(|(p, s)| RareDataRecord {
        rare: s.is_rare(),
        depth: p.depth,
        classes: p.labels.iter().map(|l| Q::from_integer(l.clone())).collect(),
        options_per_sample: s.options_per_sample,
        brute_force_count: s.brute_force_count.to_string(),
        witness: s.witness.as_ref().map(|w| RareWitnessRecord {
            lambda: w.lambda.clone(),
            epsilon: w.epsilon.clone(),
        }),
    });
    GenericCertificate {
        format: GENERIC_FORMAT.to_string(),
        instance: GenericInstanceRecord {
            x: instance.x.clone(),
            y: instance.y.clone(),
            alpha: instance.alpha.clone(),
            bias: instance.bias,
            weights,
        },
        general_position: GeneralPositionRecord {
            holds: gp.holds(),
            subset_size: gp.subset_size,
            dependency,
        },
        rare_data,
    }
}
