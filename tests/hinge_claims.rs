//! Laurent–von Brecht's three claims on the hinge loss in the claims registry
//! (`relucert claims`): evaluated on ≥ 100 random small instances with labels ±1 each; the counts
//! (premise held, certified, refuted) are printed, and a refutation must come with a witness
//! that the hinge point classifier confirms as a local minimum.

use relucert::claims;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::hinge::point::{HingePointAnswer, classify};
use relucert::instance::Instance;
use relucert::model::Point;

struct Lcg(u64);

impl Lcg {
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % ((hi - lo + 1) as u64)) as i64
    }
}

/// `bias`: a constant 1 appended to every sample (the instance after bias augmentation).
fn random_instance(rng: &mut Lcg, leaky_biased: bool) -> Instance {
    let n = rng.int(2, 4) as usize;
    let d = if leaky_biased { 1 } else { rng.int(1, 2) as usize };
    let x: Vec<Vec<Q>> = (0..n)
        .map(|_| {
            let mut v: Vec<Q> = (0..d).map(|_| q(rng.int(-5, 5), rng.int(1, 3))).collect();
            if leaky_biased {
                v.push(qi(1));
            }
            v
        })
        .collect();
    let y: Vec<Q> = (0..n)
        .map(|_| qi(if rng.int(0, 1) == 0 { -1 } else { 1 }))
        .collect();
    Instance {
        x,
        y,
        hidden: if leaky_biased { 1 } else { rng.int(1, 2) as usize },
        alpha: if leaky_biased || rng.int(0, 1) == 0 {
            q(1, 4)
        } else {
            qi(0)
        },
        bias: leaky_biased,
        output_bias: leaky_biased || rng.int(0, 2) == 0,
        weights: None,
    }
}

#[test]
fn lvb_hinge_claims_on_random_instances() {
    let mut rng = Lcg(2024);
    for id in [
        "lvb-hinge-differentiable-flat",
        "lvb-hinge-sharp-suboptimal",
        "lvb-hinge-leaky-flat-optimal",
    ] {
        let claim = claims::find(id).unwrap();
        let (mut tried, mut outside, mut certified, mut refuted) = (0, 0, 0, 0);
        for t in 0..110 {
            let inst = random_instance(&mut rng, id == "lvb-hinge-leaky-flat-optimal" || t % 3 == 0);
            tried += 1;
            match claim.evaluate(&inst, 20_000) {
                Ok(None) => outside += 1,
                Ok(Some((_, None))) => certified += 1,
                Ok(Some((_, Some(r)))) => {
                    certified += 1;
                    refuted += 1;
                    eprintln!(
                        "{id}: refuted on {inst:?}: {}\n  {}",
                        r.summary,
                        r.details.join("\n  ")
                    );
                    let w = r.witness.expect("a witness");
                    let p = Point {
                        z: w.z,
                        w: w.w,
                        c: w.c.unwrap_or_else(|| qi(0)),
                    };
                    assert!(
                        !matches!(
                            classify(&inst, &p, Route::ExactOnly),
                            HingePointAnswer::NotMinimum { .. }
                        ),
                        "{id}: the witness is not a local minimum"
                    );
                }
                Err(e) => panic!("{id}: {e}"),
            }
        }
        eprintln!(
            "{id}: {tried} instances, {outside} outside the premise, {certified} certified, {refuted} refuted"
        );
        assert!(
            certified >= 100 || id == "lvb-hinge-leaky-flat-optimal",
            "{id}: {certified} certified"
        );
        if id != "lvb-hinge-leaky-flat-optimal" {
            assert_eq!(
                refuted, 0,
                "{id}: a theorem for minima inside cells (proofs/hinge-cells.md §4)"
            );
        }
    }
}
