//! Snapshot tests of the reporters on `tests/fixtures/render/`.
//!
//! Only S3-001 runs, so rules added later do not change the snapshots. Paths are
//! relative to the crate root (cargo runs tests there), so snapshots are stable.

use std::path::PathBuf;

use hardstack::assess::Suppression;
use hardstack::render::{self, Report, text::TextOptions};
use hardstack::{Options, ScanResult, scan};

fn fixture(names: &[&str]) -> ScanResult {
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| PathBuf::from("tests/fixtures/render").join(n))
        .collect();
    let opts = Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    };
    scan(&paths, &opts)
}

fn report<'a>(result: &'a ScanResult, target: &str) -> Report<'a> {
    let mut r = Report::new(result, target);
    r.version = "0.0.0-test";
    r
}

const MAIN: &[&str] = &["stack.yaml", "app.json", "broken.yaml"];

#[test]
fn markdown_report() {
    let result = fixture(MAIN);
    insta::assert_snapshot!(
        "markdown",
        render::markdown::render(&report(&result, "tests/fixtures/render"))
    );
}

#[test]
fn markdown_report_of_a_clean_stack_lists_strengths() {
    let result = fixture(&["clean.yaml"]);
    insta::assert_snapshot!(
        "markdown_clean",
        render::markdown::render(&report(&result, "clean.yaml"))
    );
}

#[test]
fn json_report() {
    let result = fixture(MAIN);
    let out = render::json::render(&report(&result, "tests/fixtures/render"));
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    insta::assert_snapshot!("json", out);
}

#[test]
fn text_report() {
    let result = fixture(MAIN);
    let opts = TextOptions {
        color: false,
        quiet: false,
        errors_elsewhere: false,
        ..TextOptions::default()
    };
    insta::assert_snapshot!(
        "text",
        render::text::render(&report(&result, "tests/fixtures/render"), opts)
    );
}

#[test]
fn text_quiet_is_one_line() {
    let result = fixture(MAIN);
    let opts = TextOptions {
        color: false,
        quiet: true,
        errors_elsewhere: true,
        ..TextOptions::default()
    };
    let out = render::text::render(&report(&result, "x"), opts);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("Score: 9.9/10 → 9.9 after high-priority fixes → 10.0 after all"),
        "{out}"
    );
}

#[test]
fn text_colour_only_when_asked() {
    let result = fixture(MAIN);
    let plain = render::text::render(&report(&result, "x"), TextOptions::default());
    assert!(!plain.contains('\u{1b}'));
    let coloured = render::text::render(
        &report(&result, "x"),
        TextOptions {
            color: true,
            ..TextOptions::default()
        },
    );
    assert!(coloured.contains("\u{1b}["));
}

#[test]
fn suppressed_findings_are_reported_as_suppressed_and_do_not_count() {
    let mut result = fixture(&["app.json"]);
    for f in &mut result.reports[0].findings {
        f.suppressed = Some(Suppression {
            reason: "scratch space, \u{1b}[31mdeleted nightly".into(),
            origin: "hardstack".into(),
        });
    }
    let r = report(&result, "app.json");
    assert_eq!(r.assessment.score.now, 10.0);
    let text = render::text::render(&r, TextOptions::default());
    assert!(
        text.contains("suppressed (hardstack): scratch space, \\u{1b}[31mdeleted nightly"),
        "{text}"
    );
    assert!(
        text.contains("0 findings") && text.contains("1 suppressed"),
        "{text}"
    );
    let md = render::markdown::render(&r);
    assert!(md.contains("### Suppressed findings"), "{md}");
    assert!(!md.contains('\u{1b}'));
    let json: serde_json::Value = serde_json::from_str(&render::json::render(&r)).unwrap();
    assert_eq!(
        json["files"][0]["findings"][0]["suppressed"]["origin"],
        "hardstack"
    );
}
