//! The registry: every claim with its id, source, statement, predicate and expected outcome.

use super::{Claim, Expected, decomposition, hinge, liu_lemma2, liu_thm3, nguyen_hein, wide};

/// Every registered claim, in a fixed order.
pub fn all() -> Vec<Claim> {
    vec![
        Claim {
            id: "nguyen-hein-3.4",
            source: "Nguyen & Hein 2017, Thm 3.4 (analytic σ), transferred to ReLU",
            statement: "If the samples are linearly independent (rank x = N), every local minimum with z ≠ 0 \
                        (the theorem's full-rank output layer) is a global minimum.",
            predicate: "rank x = N and some spurious family has a unit with z_k ≠ 0",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: nguyen_hein::independent_samples,
            refute: nguyen_hein::refute_3_4,
        },
        Claim {
            id: "nguyen-hein-3.4-alive",
            source: "Nguyen & Hein 2017, Thm 3.4, transferred to ReLU, restricted to live units",
            statement: "If the samples are linearly independent, every local minimum where every unit is alive \
                        (z_k ≠ 0 and active on some sample) is a global minimum.",
            predicate: "rank x = N and some spurious family has every unit alive",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: nguyen_hein::independent_samples,
            refute: nguyen_hein::refute_3_4_alive,
        },
        Claim {
            id: "nguyen-hein-3.8",
            source: "Nguyen & Hein 2017, Thm 3.8 / Cor. 3.9 for one hidden layer (n_1 ≥ N − 1), transferred to ReLU",
            statement: "With K ≥ N − 1 hidden units and an output bias (K ≥ N without one), every local minimum that is non-degenerate in the output \
                        layer (hidden outputs of full column rank) is a global minimum.",
            predicate: "K + [output bias] ≥ N and some spurious family's witness has hidden outputs [σ(w_k·x_i)] (with 1s for c) \
                        of full column rank",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: nguyen_hein::wide_minus_one,
            refute: nguyen_hein::refute_3_8,
        },
        Claim {
            id: "wide-no-spurious",
            source: "over-parameterisation folklore (Nguyen & Hein §3; Liu §I related work)",
            statement: "A network with at least as many hidden units as samples (K ≥ N) has no spurious local minima.",
            predicate: "K ≥ N and some family is spurious",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: wide::wide,
            refute: wide::refute_any,
        },
        Claim {
            id: "wide-no-spurious-alive",
            source: "over-parameterisation folklore, restricted to live units",
            statement: "With K ≥ N, every local minimum where every unit is alive is global.",
            predicate: "K ≥ N and some spurious family has every unit alive",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: wide::wide,
            refute: wide::refute_alive,
        },
        Claim {
            id: "liu-thm3-iff",
            source: "Liu, Global loss landscape … Part 1, Thm 3, eqs. (27)–(30)",
            statement: "A non-differentiable local minimum with one unit on one sample hyperplane (the others \
                        inside cells) exists if and only if DR = d has a solution satisfying the strict \
                        inequalities (29)–(30).",
            predicate: "alpha = 0, no output bias, and a family of that configuration makes (29) or (30) an equality \
                        while no family with the same faces satisfies both strictly",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: liu_thm3::liu_model,
            refute: liu_thm3::refute_iff,
        },
        Claim {
            id: "liu-thm3-iff-spurious",
            source: "Liu, Global loss landscape … Part 1, Thm 3, eqs. (29)–(30)",
            statement: "As liu-thm3-iff, for spurious minima: a spurious non-differentiable local minimum on one \
                        hyperplane satisfies the strict inequalities (29)–(30).",
            predicate: "as liu-thm3-iff, with the degenerate family spurious",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: liu_thm3::liu_model,
            refute: liu_thm3::refute_iff_spurious,
        },
        Claim {
            id: "liu-lemma2-pd",
            source: "Liu, Global loss landscape … Part 1, Lemma 2 and its proof (eq. (47))",
            statement: "Inside cells the Hessian of the loss in R is positive definite.",
            predicate: "some cell combination has rank A_R < K d",
            expected: Expected::Refuted,
            needs_smaller: false,
            premise: liu_lemma2::always,
            refute: liu_lemma2::refute,
        },
        Claim {
            id: "decomposition-cor2.7",
            source: "Loss surface decomposition paper, Cor. 2.7 (2) (with Lemma 2.2, Thm 2.5, eq. (7))",
            statement: "Every differentiable local minimum (all units inside activation regions) is a subglobal \
                        minimum of its activation region.",
            predicate: "a family with every unit in a chamber has a loss different from its cell combination's \
                        subglobal loss, or that combination is not genuine",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: decomposition::always,
            refute: decomposition::refute_cor_2_7,
        },
        Claim {
            id: "decomposition-add-unit",
            source: "Loss surface decomposition paper, §3.2 and the Fig. 3 discussion",
            statement: "Adding a hidden unit keeps every local minimum: every local-minimum loss with K − 1 units is \
                        a local-minimum loss with K units.",
            predicate: "K ≥ 2 and some family loss of the same data with K − 1 units is no family loss with K units",
            expected: Expected::Holds,
            needs_smaller: true,
            premise: decomposition::two_units,
            refute: decomposition::refute_add_unit,
        },
        Claim {
            id: "decomposition-linear-region",
            source: "Loss surface decomposition paper, §3.1 eq. (5)",
            statement: "With hidden biases and an output bias, the linear region (every unit active on every \
                        sample) holds a subglobal minimum: linear regression is a local minimum.",
            predicate: "bias, output bias, and the combination with every unit in the all-active chamber is not genuine",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: decomposition::biases,
            refute: decomposition::refute_linear_region,
        },
        Claim {
            id: "lvb-hinge-differentiable-flat",
            source: "Laurent & von Brecht 2018, §2.2, Thm 1 and Cor. 1 (binary hinge loss)",
            statement: "With the hinge loss, ReLU and leaky ReLU networks have no differentiable local minima \
                        except flat ones (constant loss nearby).",
            predicate: "labels ±1 and some local minimum inside the cells with no active hinge kink is not flat",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: hinge::binary_labels,
            refute: hinge::refute_differentiable_flat,
        },
        Claim {
            id: "lvb-hinge-sharp-suboptimal",
            source: "Laurent & von Brecht 2018, Thm 2 (binary hinge loss)",
            statement: "When a zero-loss minimiser exists, every sharp (type II) local minimum is sub-optimal.",
            predicate: "labels ±1, the exact global minimum is 0, and some sharp minimum inside the cells or sharp face family \
                        (cell boundaries included, every z_k ≠ 0) has loss 0",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: hinge::binary_labels,
            refute: hinge::refute_sharp_suboptimal,
        },
        Claim {
            id: "lvb-hinge-leaky-flat-optimal",
            source: "Laurent & von Brecht 2018, Thm 3 and Def. 1 (leaky ReLU, hinge loss, generic data)",
            statement: "With a leaky ReLU (α > 0), hidden and output biases and generic (not rare) data, the hinge \
                        loss is 0 at every flat (type I) local minimum: flat minima are optimal.",
            predicate: "labels ±1, α > 0, bias and output bias, data not rare (exact search, depth 1), and some flat \
                        minimum inside the cells or flat (type I) face family has a positive loss",
            expected: Expected::Holds,
            needs_smaller: false,
            premise: hinge::binary_leaky_generic,
            refute: hinge::refute_leaky_flat_optimal,
        },
    ]
}

/// The claim with this id.
pub fn find(id: &str) -> Option<Claim> {
    all().into_iter().find(|c| c.id == id)
}
