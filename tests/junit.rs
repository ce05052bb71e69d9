//! `--format junit`: a suite per template, a test case per (rule, resource) checked.

use std::path::PathBuf;

use hardstack::render::{self, Report};
use hardstack::{Options, scan};

fn junit(paths: &[&str]) -> String {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let opts = Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    };
    let result = scan(&paths, &opts);
    render::junit::render(&Report::new(&result, "test"))
}

fn attr<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", n.tag_name().name()))
}

#[test]
fn findings_fail_passes_pass_suppressed_are_skipped() {
    let xml = junit(&["tests/fixtures/ci/suppressed.yaml"]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(attr(root, "name"), "hardstack");
    assert_eq!(attr(root, "tests"), "3");
    assert_eq!(attr(root, "failures"), "1");
    assert_eq!(attr(root, "errors"), "0");

    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(attr(suite, "name"), "tests/fixtures/ci/suppressed.yaml");
    assert_eq!(attr(suite, "tests"), "3");
    assert_eq!(attr(suite, "failures"), "1");
    assert_eq!(attr(suite, "skipped"), "1");

    let case = |name: &str| {
        suite
            .children()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no test case {name}"))
    };
    let failure = case("S3-001 Open")
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("Open fails");
    assert_eq!(attr(failure, "type"), "S3-001");
    assert!(attr(failure, "message").contains("Open"));
    let text = failure.text().unwrap_or_default();
    assert!(
        text.contains("tests/fixtures/ci/suppressed.yaml:4:"),
        "{text}"
    );
    assert!(text.contains("Type: AWS::S3::Bucket"), "{text}");

    let skipped = case("S3-001 Website")
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .expect("Website is skipped");
    assert!(attr(skipped, "message").contains("Public website bucket"));

    let pass = case("S3-001 Encrypted");
    assert!(pass.children().all(|n| !n.is_element()), "Encrypted passes");
    assert_eq!(
        attr(pass, "classname"),
        "tests/fixtures/ci/suppressed.yaml.S3-001"
    );
}

#[test]
fn a_file_that_fails_to_load_is_an_errored_test_case() {
    let xml = junit(&[
        "tests/fixtures/ci/suppressed.yaml",
        "tests/fixtures/render/broken.yaml",
    ]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(attr(root, "errors"), "1");
    let suite = root
        .children()
        .find(|n| n.attribute("name") == Some("tests/fixtures/render/broken.yaml"))
        .expect("a suite for the broken file");
    assert_eq!(attr(suite, "errors"), "1");
    let error = suite
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an <error>");
    assert_eq!(attr(error, "type"), "load-error");
    assert!(
        error
            .text()
            .unwrap_or_default()
            .starts_with("tests/fixtures/render/broken.yaml:")
    );
}
