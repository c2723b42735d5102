//! The checker's two routes must agree: [`check`] on a parsed certificate, and
//! [`check_text`] (`relucert check` of a `relucert/1` file), which checks the cell records as
//! they are parsed and drops each verified refutation.

#![allow(dead_code)]

use relucert::certificate::{Certificate, json_file};
use relucert::checker::{Checked, Rejection, Report, check, check_text, check_text_in_runs};

/// [`check`] of `cert`, after asserting that the text route gives the same outcome — same
/// report, or same rule, location and detail — on the certificate's pretty text (cut into
/// runs as `relucert check` cuts it, and into 1, 2 and 3 runs) and on its compact text, and
/// reads the same records (a verified record without its refutation and least-squares data).
#[track_caller]
pub fn check_both(cert: &Certificate) -> Result<Report, Rejection> {
    let serial = check(cert);
    let pretty = json_file::to_json(cert);
    let compact = serde_json::to_string(cert).unwrap();
    let routes: Vec<(&str, Option<Checked>)> = vec![
        ("pretty", check_text(&pretty)),
        ("pretty, 1 run", check_text_in_runs(&pretty, 1)),
        ("pretty, 2 runs", check_text_in_runs(&pretty, 2)),
        ("pretty, 3 runs", check_text_in_runs(&pretty, 3)),
        ("compact", check_text(&compact)),
    ];
    for (route, outcome) in routes {
        let Some((read, outcome)) = outcome else {
            panic!("{route}: the text route did not read relucert's own text");
        };
        assert_eq!(outcome, serial, "{route}: the two routes disagree");
        assert_eq!(read.cells.len(), cert.cells.len(), "{route}");
        for (j, (got, want)) in read.cells.iter().zip(&cert.cells).enumerate() {
            let mut want = want.clone();
            if got.refutation.is_none() && got.least_squares.is_none() {
                want.refutation = None;
                want.least_squares = None;
            }
            assert_eq!(got, &want, "{route}: cells[{j}] read differently");
        }
        let (mut read, mut cert) = (read, cert.clone());
        read.cells.clear();
        cert.cells.clear();
        assert_eq!(
            read, cert,
            "{route}: the rest of the certificate read differently"
        );
    }
    serial
}
