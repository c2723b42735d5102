//! The hinge loss (Laurent & von Brecht; `proofs/hinge-cells.md`): instance files, the exact
//! cell minima (primal and dual checked exactly), minima inside the cells checked by exact
//! random perturbations on ≥ 100 random instances, flat/sharp, and the paper's claims on the
//! minima found inside cells.

use num_traits::Zero;

use relucert::arrangement::SignVector;
use relucert::certificate::hinge::HingeCertificate;
use relucert::checker::hinge::check_hinge;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::hinge::{self, Shape, cell_minimum::verify_optimality, loss::hinge_loss};
use relucert::instance::toml_file::{self, Loss};
use relucert::model::Point;

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn hinge_files_are_read_and_labels_checked() {
    let (inst, loss) = toml_file::read_with_loss(&fixture_path("hinge_lvb_fig1.toml")).unwrap();
    assert_eq!(loss, Loss::Hinge);
    assert_eq!(inst.y, vec![qi(1), qi(-1)]);
    let err = toml_file::read(&fixture_path("hinge_lvb_fig1.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("relucert hinge"), "{err}");
    let bad = "loss = \"hinge\"\nhidden = 1\nx = [[1], [2]]\ny = [1, 2]\n";
    let err = toml_file::parse_with_loss(bad, "t.toml").unwrap_err().to_string();
    assert!(
        err.contains("line 4") && err.contains("y[1]") && err.contains("-1 or 1"),
        "{err}"
    );
    let bad = "loss = \"logistic\"\nhidden = 1\nx = [[1]]\ny = [1]\n";
    let err = toml_file::parse_with_loss(bad, "t.toml").unwrap_err().to_string();
    assert!(
        err.contains("line 1") && err.contains("\"squared\" or \"hinge\""),
        "{err}"
    );
    let (_, loss) = toml_file::parse_with_loss("hidden = 1\nx = [[1]]\ny = [3]\n", "t").unwrap();
    assert_eq!(loss, Loss::Squared);
}

/// Laurent–von Brecht Fig. 1's situation (`fixtures/hinge_lvb_fig1.toml`): `x = 1, 2`,
/// `y = 1, −1`, ReLU, `K = 1`. Chamber `--` is a flat cell (dead unit, loss 1 everywhere);
/// chamber `++` has a sharp minimum `3/4` at `R = −1/2`, on the kink of sample 2 (a boundary of
/// the smooth regions), with non-zero loss. The flat cell is not optimal: ReLU, not leaky.
#[test]
fn lvb_fig1_flat_cell_and_sharp_minimum() {
    let (inst, _) = toml_file::read_with_loss(&fixture_path("hinge_lvb_fig1.toml")).unwrap();
    let report = hinge::analyse(&inst, Route::ExactOnly).unwrap();
    let names: Vec<String> = report.chambers.iter().map(|c| c.sign_string()).collect();
    assert_eq!(names, vec!["++", "--"]);
    let sharp = report.cells[0].inside.as_ref().unwrap();
    assert_eq!(report.cells[0].minimum.value, q(3, 4));
    assert_eq!(sharp.shape, Shape::Sharp);
    assert_eq!(sharp.kinks, vec![1]);
    assert_eq!(&sharp.point.z[0] * &sharp.point.w[0][0], q(-1, 2));
    let flat = report.cells[1].inside.as_ref().unwrap();
    assert_eq!(report.cells[1].minimum.value, qi(1));
    assert_eq!(flat.shape, Shape::Flat);
    // Exact checks: the sharp minimum is strictly lower than both neighbours along R.
    let at = |r: Q| {
        hinge_loss(
            &inst,
            &Point {
                z: vec![qi(-1)],
                w: vec![vec![-r]],
                c: qi(0),
            },
        )
    };
    let eps = q(1, 1000);
    assert_eq!(at(q(-1, 2)), q(3, 4));
    assert!(at(q(-1, 2) + &eps) > q(3, 4) && at(q(-1, 2) - &eps) > q(3, 4));
}

#[path = "support/hinge_random.rs"]
mod hinge_random;

use hinge_random::{Lcg, perturbed, random_instance};

/// ≥ 100 random instances: every cell minimum passes its exact primal/dual check; every
/// minimum inside the cells has the cell's loss, weights strictly in their chambers, and no
/// lower loss at 60 exact random perturbations (three scales); flat ones have equal loss at
/// all of them, sharp ones a higher loss at some. Laurent–von Brecht's claims on these minima:
/// (1) a differentiable minimum (no active kink) is flat; (2) when a zero-loss minimiser exists,
/// sharp minima are sub-optimal; (3) counted, not asserted: flat minima of leaky networks at
/// the instance's least cell minimum.
#[test]
fn random_instances_inside_minima_survive_perturbations() {
    let mut rng = Lcg(31);
    let (mut cells, mut inside, mut flat, mut boundary, mut sharp, mut undecided) = (0, 0, 0, 0, 0, 0);
    let (mut zero_loss_instances, mut claim3_checked, mut claim3_fail) = (0, 0, 0);
    for _ in 0..110 {
        let inst = random_instance(&mut rng);
        let report = hinge::analyse(&inst, Route::FloatFirst).unwrap();
        let cert = hinge::record::certificate(&inst, &report);
        let cert = HingeCertificate::from_json(&cert.to_json()).unwrap();
        let checked = check_hinge(&cert).unwrap_or_else(|e| panic!("{inst:?}: {e}"));
        assert_eq!(checked.cells as usize, report.cells.len());
        let least = report
            .cells
            .iter()
            .map(|c| c.minimum.value.clone())
            .min()
            .unwrap();
        let has_zero = report
            .cells
            .iter()
            .any(|c| c.inside.is_ok() && c.minimum.value.is_zero());
        zero_loss_instances += u32::from(has_zero);
        for cell in &report.cells {
            cells += 1;
            let units: Vec<_> = cell.chambers.iter().map(|&c| &report.chambers[c]).collect();
            let a = relucert::cells::design::design_matrix(&inst, &units);
            assert!(verify_optimality(&a, &inst.y, &cell.minimum), "{inst:?}");
            let Ok(m) = &cell.inside else { continue };
            inside += 1;
            let base = hinge_loss(&inst, &m.point);
            assert_eq!(base, cell.minimum.value);
            for (k, w) in m.point.w.iter().enumerate() {
                assert_eq!(
                    SignVector::of_point(&inst.x, w).to_string(),
                    units[k].sign_string()
                );
            }
            let mut higher = false;
            for scale in [q(1, 1000), q(1, 100_000), q(1, 10_000_000)] {
                for _ in 0..20 {
                    let l = hinge_loss(&inst, &perturbed(&m.point, &mut rng, &scale, inst.output_bias));
                    assert!(l >= base, "{inst:?} {:?}: lower loss nearby", cell.chambers);
                    if m.shape == Shape::Flat {
                        assert_eq!(l, base, "{inst:?} flat minimum moved");
                    }
                    higher |= l > base;
                }
            }
            match m.shape {
                Shape::Flat => flat += 1,
                Shape::FlatBoundary => {
                    boundary += 1;
                    assert!(higher, "{inst:?}: not constant, yet no higher point found");
                }
                Shape::Sharp => {
                    sharp += 1;
                    assert!(higher, "{inst:?}: sharp, yet no higher point found");
                    // Claim 1: sharp minima are not differentiable (a kink is active).
                    assert!(!m.kinks.is_empty());
                    // Claim 2: with a zero-loss minimiser, sharp minima are sub-optimal.
                    if has_zero {
                        assert!(base > Q::zero(), "{inst:?}: sharp zero-loss minimum");
                    }
                }
                Shape::Undecided => undecided += 1,
            }
            if m.kinks.is_empty() {
                assert_eq!(m.shape, Shape::Flat, "claim 1");
            }
            if !inst.alpha.is_zero() && m.shape.is_flat() {
                claim3_checked += 1;
                if base > least {
                    claim3_fail += 1;
                    eprintln!(
                        "claim 3 (flat ⇒ optimal) fails inside cells: {inst:?} {:?} loss {base} > {least}",
                        cell.chambers
                    );
                }
            }
        }
    }
    eprintln!(
        "{cells} cells, {inside} minima inside: {flat} flat, {boundary} flat on a boundary, {sharp} sharp, \
         {undecided} undecided; {zero_loss_instances} instances with a zero-loss minimiser; claim 3: \
         {claim3_checked} flat minima of leaky networks, {claim3_fail} above the least cell minimum"
    );
    assert!(
        inside > 100 && flat > 10 && sharp > 0,
        "the test exercises every shape"
    );
}

/// Corrupted hinge certificates are rejected by the named rules.
#[test]
fn corrupted_hinge_certificates_are_rejected() {
    let mut rng = Lcg(5);
    let mut with_refutation = None;
    let mut with_sharp = None;
    let mut with_boundary = None;
    for _ in 0..300 {
        let inst = random_instance(&mut rng);
        let report = hinge::analyse(&inst, Route::FloatFirst).unwrap();
        let cert = hinge::record::certificate(&inst, &report);
        if let Some(j) = cert.cells.iter().position(|c| !c.inside) {
            with_refutation.get_or_insert((cert.clone(), j));
        }
        if let Some(j) = cert
            .cells
            .iter()
            .position(|c| c.witness.as_ref().is_some_and(|w| w.shape == "sharp"))
        {
            with_sharp.get_or_insert((cert.clone(), j));
        }
        if let Some(j) = cert
            .cells
            .iter()
            .position(|c| c.witness.as_ref().is_some_and(|w| w.shape == "flat-boundary"))
        {
            with_boundary.get_or_insert((cert.clone(), j));
        }
        if with_refutation.is_some() && with_sharp.is_some() && with_boundary.is_some() {
            break;
        }
    }
    let (base, j) = with_sharp.expect("a sharp minimum among random instances");
    let rule = |c: &HingeCertificate| check_hinge(c).unwrap_err().rule;
    let mut c = base.clone();
    c.format = "relucert/1".into();
    assert_eq!(rule(&c), "hinge-format");
    let mut c = base.clone();
    c.instance.y[0] = qi(2);
    assert_eq!(rule(&c), "hinge-instance");
    let mut c = base.clone();
    let last = c.cells.len() - 1;
    c.cells.swap(0, last);
    if c.cells.len() > 1 {
        assert_eq!(rule(&c), "hinge-cell-enumeration");
    }
    let mut c = base.clone();
    c.cells[j].minimum = &c.cells[j].minimum - q(1, 100);
    assert_eq!(rule(&c), "hinge-minimum");
    let mut c = base.clone();
    c.cells[j].dual[0] = &c.cells[j].dual[0] + qi(1);
    assert_eq!(rule(&c), "hinge-minimum");
    // Moving the minimiser is accepted only while it stays a minimiser; some move is not.
    let mut rejected = 0;
    for t in 0..base.cells[j].minimiser.len() {
        for k in [1, -1, 5, -5] {
            let mut c = base.clone();
            c.cells[j].minimiser[t] = &c.cells[j].minimiser[t] + qi(k);
            if let Err(e) = check_hinge(&c) {
                assert_eq!(e.rule, "hinge-minimum");
                rejected += 1;
            }
        }
    }
    assert!(rejected > 0);
    let mut c = base.clone();
    let w = c.cells[j].witness.as_mut().unwrap();
    w.w[0] = w.w[0].iter().map(|v| -v.clone()).collect();
    assert_eq!(rule(&c), "hinge-inside-witness");
    let mut c = base.clone();
    c.cells[j].witness.as_mut().unwrap().shape = "flat".into();
    assert_eq!(rule(&c), "hinge-shape");
    // The sharp evidence (hinge-cells.md §3): removed, swapped for a claim of type I, a
    // multiplier changed, a wrong fractional sample; "undecided" with every z_k ≠ 0.
    assert!(check_hinge(&base).is_ok());
    let sharp = base.cells[j].witness.as_ref().unwrap().sharp.clone().unwrap();
    let mut c = base.clone();
    c.cells[j].witness.as_mut().unwrap().sharp = None;
    assert_eq!(rule(&c), "hinge-shape");
    let mut c = base.clone();
    c.cells[j].witness.as_mut().unwrap().shape = "flat-boundary".into();
    assert_eq!(rule(&c), "hinge-shape");
    let mut c = base.clone();
    c.cells[j].witness.as_mut().unwrap().shape = "undecided".into();
    assert_eq!(rule(&c), "hinge-shape");
    let mut c = base.clone();
    match (&sharp.fractional, &sharp.motzkin) {
        (Some(i), None) => {
            let n = c.instance.y.len();
            c.cells[j]
                .witness
                .as_mut()
                .unwrap()
                .sharp
                .as_mut()
                .unwrap()
                .fractional = Some((i + 1) % n.max(2) + n);
        }
        _ => {
            let m = c.cells[j]
                .witness
                .as_mut()
                .unwrap()
                .sharp
                .as_mut()
                .unwrap()
                .motzkin
                .as_mut()
                .unwrap();
            m.strict[0] = &m.strict[0] + relucert::exact::Rat::int(1);
        }
    }
    assert_eq!(rule(&c), "hinge-shape");
    if let Some((base, j)) = with_boundary {
        assert!(check_hinge(&base).is_ok());
        let mut c = base.clone();
        c.cells[j].witness.as_mut().unwrap().kink_free = None;
        assert_eq!(rule(&c), "hinge-shape");
        let mut c = base.clone();
        let k = c.cells[j].witness.as_mut().unwrap().kink_free.as_mut().unwrap();
        k.u[0] = &k.u[0] + qi(7);
        assert_eq!(rule(&c), "hinge-shape");
        let mut c = base.clone();
        c.cells[j].witness.as_mut().unwrap().shape = "sharp".into();
        assert_eq!(rule(&c), "hinge-shape");
    } else {
        eprintln!("no flat-boundary minimum among the random instances (those corruptions skipped)");
    }
    // A flat minimum (no kink) claimed flat-boundary or sharp.
    let (fig1, _) = toml_file::read_with_loss(&fixture_path("hinge_lvb_fig1.toml")).unwrap();
    let cert = hinge::record::certificate(&fig1, &hinge::analyse(&fig1, Route::ExactOnly).unwrap());
    assert!(check_hinge(&cert).is_ok());
    for shape in ["flat-boundary", "sharp"] {
        let mut c = cert.clone();
        c.cells[1].witness.as_mut().unwrap().shape = shape.into();
        assert_eq!(rule(&c), "hinge-shape");
    }
    let (base, j) = with_refutation.expect("a cell without an inside minimum");
    assert!(check_hinge(&base).is_ok());
    let mut c = base.clone();
    c.cells[j].refutation.as_mut().unwrap().pop();
    assert_eq!(rule(&c), "hinge-inside-refutation");
    let mut c = base.clone();
    let m = &mut c.cells[j].refutation.as_mut().unwrap()[0].motzkin;
    let last = m.nonstrict.len() - 1;
    m.nonstrict[last] = &m.nonstrict[last] + relucert::exact::Rat::int(1);
    assert_eq!(rule(&c), "hinge-inside-refutation");
    let mut c = base.clone();
    c.cells[j].inside = true;
    assert_eq!(rule(&c), "hinge-inside-witness");
}
