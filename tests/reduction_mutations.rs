//! Corrupted reduced certificates (`proofs/family-reductions.md`) are rejected with the named
//! rule: the `reduction` record (rule, inert items, sizes), the reduced combinations (a dropped
//! one, a duplicated item, an inert item in a core of two units, too many units), and the
//! `levels` (loss, families, differentiable, full width, spurious, a dropped level).

use std::path::Path;

use relucert::certificate::Certificate;
use relucert::certificate::build::{attach_report, certify_cells};
use relucert::checker::check;
use relucert::exact::rational::qi;
use relucert::families::{Plan, faces_of};
use relucert::feasibility::Route;
use relucert::instance::toml_file;

fn reduced(name: &str, hidden: usize) -> Certificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let mut inst = toml_file::read(&path).unwrap();
    inst.hidden = hidden;
    let report = Plan::new(&inst, faces_of(&inst).unwrap(), true).decide(&inst, Route::ExactOnly, false);
    let mut run = certify_cells(&inst, Route::ExactOnly, false).unwrap();
    attach_report(&mut run.certificate, &inst, &report).unwrap();
    let cert = Certificate::from_json(&run.certificate.to_json()).unwrap();
    let r = check(&cert).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.family_report.unwrap().reduced);
    cert
}

fn rejected_by(cert: &Certificate, rule: &str) {
    match check(cert) {
        Ok(_) => panic!("mutation accepted; expected rule {rule}"),
        Err(r) => assert_eq!(r.rule, rule, "{r}"),
    }
}

#[test]
fn reduction_record_mutations() {
    let good = reduced("decomposition_fig3_h1.toml", 2);
    let red = good.reduction.as_ref().unwrap();
    assert_eq!(red.sizes, vec![39, 153], "13 faces, 18 non-inert items");

    let mut c = good.clone();
    c.reduction.as_mut().unwrap().rule = "duplicates".into();
    rejected_by(&c, "reduction-record");

    let mut c = good.clone();
    c.reduction.as_mut().unwrap().inert.pop();
    rejected_by(&c, "reduction-record");

    let mut c = good.clone();
    let faces = c.arrangement.faces.clone().unwrap();
    let plus = faces.iter().find(|f| f.signs.contains('+')).unwrap();
    c.reduction
        .as_mut()
        .unwrap()
        .inert
        .insert(0, format!("{}:+", plus.signs));
    rejected_by(&c, "reduction-record");

    let mut c = good.clone();
    c.reduction.as_mut().unwrap().sizes[1] += 1;
    rejected_by(&c, "reduction-record");

    // Without the reduction record the one-unit records are not K-unit families.
    let mut c = good.clone();
    c.reduction = None;
    rejected_by(&c, "family-enumeration");
}

#[test]
fn reduced_combination_mutations() {
    let good = reduced("decomposition_fig3_h1.toml", 2);
    let two_refuted = |c: &Certificate| {
        c.family_refutations
            .as_ref()
            .unwrap()
            .iter()
            .position(|r| r.faces.len() == 2)
            .unwrap()
    };

    // A dropped combination.
    let mut c = good.clone();
    let r = two_refuted(&c);
    c.family_refutations.as_mut().unwrap().remove(r);
    rejected_by(&c, "reduction-enumeration");

    // A duplicated item in a core of two units (merge it: a one-unit family).
    let mut c = good.clone();
    let r = two_refuted(&c);
    let rf = &mut c.family_refutations.as_mut().unwrap()[r];
    rf.faces[1] = rf.faces[0].clone();
    rf.modes = format!("{0}{0}", &rf.modes[..1]);
    rejected_by(&c, "reduction-core");

    // An inert item (mode 0) in a core of two units.
    let mut c = good.clone();
    let r = two_refuted(&c);
    let rf = &mut c.family_refutations.as_mut().unwrap()[r];
    rf.modes = format!("{}0", &rf.modes[..1]);
    rejected_by(&c, "reduction-core");

    // A dead unit (no + in its face, ReLU) in a core of two units.
    let mut c = good.clone();
    let dead = c
        .arrangement
        .faces
        .as_ref()
        .unwrap()
        .iter()
        .map(|f| f.signs.clone())
        .filter(|s| !s.contains('+'))
        .max()
        .unwrap();
    let fam = c
        .minima
        .as_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f.faces.len() == 2 && f.faces[1] < dead);
    if let Some(fam) = fam {
        fam.faces[1] = dead;
        rejected_by(&c, "reduction-core");
    }

    // More units than K.
    let mut c = good.clone();
    let m = &mut c.minima.as_mut().unwrap()[0];
    m.faces.push(m.faces[0].clone());
    m.faces.push(m.faces[0].clone());
    m.modes.push_str("++");
    rejected_by(&c, "family-enumeration");

    // A one-unit family's loss changed.
    let mut c = good.clone();
    let m = c
        .minima
        .as_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f.faces.len() == 1)
        .unwrap();
    m.loss += qi(1);
    rejected_by(&c, "family-loss");
}

#[test]
fn levels_mutations() {
    let good = reduced("decomposition_fig3_h1.toml", 2);
    let levels = good.levels.as_ref().unwrap();
    assert_eq!(levels.len(), 8);
    assert_eq!(levels[0].loss, qi(0));
    assert_eq!(levels[0].families, 9);

    let mut c = good.clone();
    c.levels.as_mut().unwrap()[1].families += 1;
    rejected_by(&c, "levels");

    let mut c = good.clone();
    c.levels.as_mut().unwrap()[1].loss += qi(1);
    rejected_by(&c, "levels");

    let mut c = good.clone();
    c.levels.as_mut().unwrap()[0].differentiable += 1;
    rejected_by(&c, "levels");

    let mut c = good.clone();
    let l = &mut c.levels.as_mut().unwrap()[7];
    l.full_width = !l.full_width;
    rejected_by(&c, "levels");

    let mut c = good.clone();
    c.levels.as_mut().unwrap()[2].spurious = false;
    rejected_by(&c, "levels");

    let mut c = good.clone();
    c.levels.as_mut().unwrap().pop();
    rejected_by(&c, "levels");
}
