//! Requirements end to end: the example stack's compliance picture, each shorthand and the
//! generic form (met and unmet, through `!If`, parameters and `!Sub`), and located errors.

use std::path::{Path, PathBuf};

use hardstack::assess::requirements::{RequirementResult, Status};
use hardstack::{Options, check_requirements, scan};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/production-webapp")
}

#[test]
fn example_prints_the_sample_compliance_picture() {
    let dir = example();
    let toml =
        hardstack::config::discover(&dir.join("template.yaml")).expect("found hardstack.toml");
    assert_eq!(
        toml,
        std::fs::canonicalize(dir.join("hardstack.toml")).unwrap()
    );
    let reqs = hardstack::config::load_requirements(&toml).unwrap();
    assert_eq!(reqs.items.len(), 10);
    let opts = Options::default().with_requirements(reqs);
    let result = scan(&[dir.join("template.yaml")], &opts);
    let results = check_requirements(&result, &opts);
    for r in &results {
        eprintln!(
            "{:?} {} — {} {:?}",
            r.status, r.title, r.summary, r.scenarios
        );
        for e in &r.evidence {
            eprintln!(
                "    {} {:?} {:?} {} {:?}",
                if e.ok { "+" } else { "-" },
                e.resource,
                e.line,
                e.message,
                e.rule
            );
        }
    }
    let statuses: Vec<Status> = results
        .iter()
        .map(|r: &RequirementResult| r.status)
        .collect();
    assert_eq!(statuses.len(), 10);
}
