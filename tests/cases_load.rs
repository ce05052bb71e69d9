//! The loader and evaluator side of `../shared/cases/` (templates reduced from bug reports
//! against other tools). The rule side of each case is in tests/cases_<group>.rs.

use std::path::{Path, PathBuf};
use std::time::Instant;

use hardstack::assess::FileReport;
use hardstack::{FileOutcome, Options, scan_file};

fn cases_dir() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../shared/cases"),
        here.join("../../shared/cases"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

fn scan(name: &str) -> Option<FileReport> {
    let Some(dir) = cases_dir() else {
        eprintln!("../shared/cases not found: skipping");
        return None;
    };
    match scan_file(&dir.join(name), &Options::default()) {
        FileOutcome::Scanned(r) => Some(r),
        other => panic!("{name} did not scan: {other:?}"),
    }
}

fn diag_lines(r: &FileReport, needle: &str) -> Vec<u32> {
    r.diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .map(|d| d.span.start.line)
        .collect()
}

#[test]
fn br001_merge_key_override_is_not_a_duplicate() {
    let Some(r) = scan("BR-001.yaml") else { return };
    assert!(
        diag_lines(&r, "duplicate key").is_empty(),
        "{:?}",
        r.diagnostics
    );
    assert!(
        r.diagnostics.iter().any(|d| d.message.contains("alias")),
        "a note that CloudFormation needs aliases packaged"
    );
}

#[test]
fn br002_duplicate_resource_names_both_lines() {
    let Some(r) = scan("BR-002.yaml") else { return };
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("duplicate key `AlertsTopic`"))
        .expect("duplicate diagnostic");
    assert_eq!(d.span.start.line, 10);
    assert!(d.message.contains("line 3"), "{}", d.message);
}

#[test]
fn br003_duplicate_property_names_both_lines() {
    let Some(r) = scan("BR-003.yaml") else { return };
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("duplicate key `SecurityGroupIngress`"))
        .expect("duplicate");
    assert_eq!(d.span.start.line, 13);
    assert!(d.message.contains("line 8"), "{}", d.message);
}

#[test]
fn br004_getatt_of_nested_stack_output_is_not_an_error() {
    let Some(r) = scan("BR-004.yaml") else { return };
    assert!(
        !r.diagnostics.iter().any(|d| d.message.contains("GetAtt")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn br006_every_short_form_is_recognised() {
    let Some(r) = scan("BR-006.yaml") else { return };
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.message.contains("unknown tag")),
        "{:?}",
        r.diagnostics
    );
    assert!(r.resources > 0);
}

#[test]
fn br007_json_with_tabs_loads() {
    let Some(r) = scan("BR-007.json") else { return };
    assert_eq!(r.format, hardstack::load::Format::Json);
    assert!(r.resources > 0);
}

#[test]
fn br008_tab_after_colon_is_accepted_with_a_note() {
    let Some(r) = scan("BR-008.yaml") else { return };
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("tab") && d.span.start.line == 6),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn br011_plain_ref_string_is_flagged_at_its_line() {
    let Some(r) = scan("BR-011.yaml") else { return };
    assert_eq!(diag_lines(&r, "malformed intrinsic"), vec![11]);
}

#[test]
fn br012_inline_condition_in_if_is_invalid() {
    let Some(dir) = cases_dir() else { return };
    // The case file uses a named condition; the original report used an inline expression.
    let text = std::fs::read_to_string(dir.join("BR-012.yaml"))
        .unwrap()
        .replace("!If [VersioningOn,", "!If [!Equals [a, b],");
    let r =
        match hardstack::scan_source(Path::new("BR-012-inline.yaml"), &text, &Options::default()) {
            FileOutcome::Scanned(r) => r,
            other => panic!("{other:?}"),
        };
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("must be the name of a condition")),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn br022_many_conditions_scan_quickly_and_deterministically() {
    let Some(dir) = cases_dir() else { return };
    let start = Instant::now();
    let a = scan_file(&dir.join("BR-022.yaml"), &Options::default());
    // A generous guard against exponential blow-up, not a benchmark (see bench/).
    assert!(
        start.elapsed().as_secs_f64() < 2.0,
        "took {:?}",
        start.elapsed()
    );
    let b = scan_file(&dir.join("BR-022.yaml"), &Options::default());
    let (FileOutcome::Scanned(a), FileOutcome::Scanned(b)) = (a, b) else {
        panic!("BR-022 did not scan")
    };
    let key = |r: &FileReport| {
        r.findings
            .iter()
            .map(|f| (f.rule.id, f.span.start, f.when.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}

#[test]
fn every_case_scans_without_load_errors() {
    let Some(dir) = cases_dir() else { return };
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "json")
        ) {
            continue;
        }
        match scan_file(&path, &Options::default()) {
            FileOutcome::Scanned(_) => n += 1,
            other => panic!("{}: {other:?}", path.display()),
        }
    }
    assert!(n >= 20, "only {n} cases scanned");
}
