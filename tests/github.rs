//! `--format github`: GitHub Actions workflow commands.

use std::path::PathBuf;

use hardstack::render::{self, Report};
use hardstack::{Options, scan};

#[test]
fn one_command_per_unsuppressed_finding_and_load_error() {
    let paths: Vec<PathBuf> = [
        "tests/fixtures/ci/suppressed.yaml",
        "tests/fixtures/render/stack.yaml",
        "tests/fixtures/render/broken.yaml",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let opts = Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    };
    let result = scan(&paths, &opts);
    let out = render::github::render(&Report::new(&result, "test"));
    for line in out.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
    }
    // The suppressed Website bucket has no annotation.
    assert!(!out.contains("Website"));
    insta::assert_snapshot!("github", out);
}
