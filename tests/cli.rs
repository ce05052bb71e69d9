//! End-to-end tests of the `hardstack` binary on temporary folders.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::*;

const CLEAN: &str = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n";
/// S3-001 fires on `Plain` (low severity).

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

#[test]
fn clean_template_exits_0() {
    let d = dir_with(&[("clean.yaml", CLEAN)]);
    let o = hardstack(d.path(), &["scan", "--select", "S3-001"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 findings"), "{}", stdout(&o));
}

#[test]
fn finding_at_or_above_fail_on_exits_1() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(
        d.path(),
        &["scan", "--fail-on", "low", "--select", "S3-001"],
    );
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("low.yaml:2:3  S3-001  low"),
        "{}",
        stdout(&o)
    );
    // The default threshold is high: a low finding passes.
    let o = hardstack(d.path(), &["scan", "--select", "S3-001"]);
    assert_eq!(code(&o), 0);
}

#[test]
fn fail_on_none_exits_0() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(d.path(), &["scan", "--fail-on", "none"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn broken_file_exits_2_and_the_good_one_is_still_reported() {
    let d = dir_with(&[
        ("a_broken.yaml", "Resources:\n  X: [unclosed\n"),
        ("b_good.yaml", LOW),
    ]);
    let o = hardstack(d.path(), &["scan", "--select", "S3-001", "."]);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.contains("a_broken.yaml"))
        .unwrap_or_else(|| panic!("no error line: {err}"));
    let rest = line.split("a_broken.yaml:").nth(1).unwrap_or_default();
    let parts: Vec<&str> = rest.splitn(3, ':').collect();
    assert!(
        parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok(),
        "{line}"
    );
    assert!(parts[2].starts_with(" error: "), "{line}");
    assert!(
        stdout(&o).contains("b_good.yaml:2:3  S3-001"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn missing_path_exits_2() {
    let d = dir_with(&[]);
    let o = hardstack(d.path(), &["scan", "no/such/dir"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
}

#[test]
fn bad_param_is_a_usage_error() {
    let d = dir_with(&[("clean.yaml", CLEAN)]);
    let o = hardstack(d.path(), &["scan", "--param", "novalue"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("KEY=VALUE"), "{}", stderr(&o));
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "--param",
            "Stage=prod",
            "--require-tag",
            "Environment=Production",
            "--no-account-baseline",
            "--region",
            "us-west-2",
            "--account",
            "123456789012",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn output_writes_the_report_file() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "--format",
            "markdown",
            "--output",
            "report.md",
            "low.yaml",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(d.path().join("report.md")).expect("report written");
    assert!(
        md.starts_with("# Security Analysis and Improvements for low.yaml"),
        "{md}"
    );
    assert!(md.contains("## Estimated Security Score"));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn explain_by_id_and_by_alias() {
    let d = dir_with(&[]);
    for name in ["S3-001", "CKV_AWS_19", "s3-bucket-encryption"] {
        let o = hardstack(d.path(), &["explain", name]);
        assert_eq!(code(&o), 0, "{name}: {}", stderr(&o));
        let out = stdout(&o);
        for part in [
            "S3-001",
            "S3 bucket without default encryption",
            "Risk:",
            "Impact:",
            "Remediation:",
            "Fix (YAML):",
            "Fix (JSON):",
            "Fix (CDK",
            "References:",
            "Aliases: CKV_AWS_19",
        ] {
            assert!(out.contains(part), "{name}: missing {part}\n{out}");
        }
    }
}

#[test]
fn explain_unknown_exits_2() {
    let d = dir_with(&[]);
    let o = hardstack(d.path(), &["explain", "NOPE"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no rule named `NOPE`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_lists_every_rule() {
    let d = dir_with(&[]);
    let o = hardstack(d.path(), &["rules"]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("S3-001") && l.contains("CKV_AWS_19")),
        "{}",
        stdout(&o)
    );
    let o = hardstack(d.path(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("rules JSON");
    assert!(
        v.as_array()
            .is_some_and(|a| a.iter().any(|r| r["id"] == "S3-001"))
    );
}

#[test]
fn json_format_parses_and_has_schema_version_1() {
    let d = dir_with(&[("low.yaml", LOW), ("clean.yaml", CLEAN)]);
    let o = hardstack(
        d.path(),
        &["scan", "--format", "json", "--select", "S3-001"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "hardstack");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["path"], "low.yaml");
    assert_eq!(files[1]["findings"][0]["rule"], "S3-001");
    assert_eq!(files[1]["findings"][0]["line"], 2);
}

#[test]
fn escape_bytes_from_templates_never_reach_the_terminal_raw() {
    let evil = "Resources:\n  Plain:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \"\\e]0;pwned\\a\\e[2J\"\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: \"\\e[31mROT13\"\n";
    let d = dir_with(&[("evil.yaml", evil)]);
    for color in ["never", "always"] {
        let o = hardstack(d.path(), &["scan", "--color", color, "--fail-on", "none"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("S3-001"), "{out}");
        assert!(out.contains("\\u{1b}[31mROT13"), "{out}");
        if color == "never" {
            assert!(!out.contains('\u{1b}'), "{out:?}");
        } else {
            // Our own colour codes only: every ESC starts an SGR sequence.
            assert!(
                out.match_indices('\u{1b}')
                    .all(|(i, _)| out[i..].starts_with("\u{1b}[")
                        && out[i..]
                            .chars()
                            .skip(2)
                            .take_while(|c| *c != 'm')
                            .all(|c| c.is_ascii_digit() || c == ';')),
                "{out:?}"
            );
        }
        assert!(!stderr(&o).contains('\u{1b}'));
    }
}

#[test]
fn quiet_prints_only_the_summary_line() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(d.path(), &["scan", "--quiet"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("Score: "), "{out}");
}

/// Like [`hardstack`], with the colour environment as given (none of the caller's).
fn hardstack_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hardstack"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run hardstack")
}

#[test]
fn no_color_turns_colour_off_even_after_color_always() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let coloured = hardstack_env(d.path(), &["scan", "--color", "always"], &[]);
    assert!(
        stdout(&coloured).contains('\u{1b}'),
        "the check must be able to fail"
    );
    let o = hardstack_env(d.path(), &["scan", "--color", "always", "--no-color"], &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("S3-001"));
    assert!(!stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));
    let o = hardstack_env(d.path(), &["scan", "--no-color"], &[]);
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn no_color_env_is_honoured_with_color_auto_under_a_pipe() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack_env(
        d.path(),
        &["scan", "--color", "auto"],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("S3-001"));
    assert!(!stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));
    assert!(!stderr(&o).contains('\u{1b}'));
}

#[test]
fn ci_formats_from_the_command_line() {
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(d.path(), &["scan", "--format", "sarif", "-o", "out.sarif"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("out.sarif")).unwrap())
            .expect("SARIF is JSON");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "S3-001");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "low.yaml"
    );

    let o = hardstack(d.path(), &["scan", "--format", "junit"]);
    assert!(stdout(&o).starts_with("<?xml"), "{}", stdout(&o));
    assert!(stdout(&o).contains("<failure"));

    let o = hardstack(d.path(), &["scan", "--format", "github"]);
    assert!(
        stdout(&o).starts_with("::notice file=low.yaml,line=2,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn exclude_cdk_internal_marks_cdk_helper_findings_suppressed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/fixtures/cdk/stage");
    let fixture = fixture.to_str().unwrap();
    let suppressed = |extra: &[&str]| {
        let mut args = vec!["scan", fixture, "--format", "json", "--fail-on", "none"];
        args.extend_from_slice(extra);
        let out = hardstack(root, &args);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap().clone())
            .filter(|f| f["suppressed"]["origin"] == "cdk-internal")
            .count()
    };
    assert_eq!(suppressed(&[]), 0);
    assert!(suppressed(&["--exclude-cdk-internal"]) > 0);
}

#[test]
fn a_mistyped_template_is_not_a_clean_bill_of_health() {
    let dir = dir_with(&[
        (
            "typo.yaml",
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResource:\n  B:\n    Type: AWS::S3::Bucket\n",
        ),
        (
            "attr.yaml",
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Propertes:\n      AccessControl: PublicReadWrite\n",
        ),
        ("workflow.yaml", "name: ci\non: push\n"),
    ]);
    let out = hardstack(
        dir.path(),
        &[
            "scan",
            "typo.yaml",
            "workflow.yaml",
            "--param",
            "Nope=1",
            "--fail-on",
            "none",
        ],
    );
    let text = stdout(&out);
    assert!(text.contains("typo.yaml:2:1: warning: unknown top-level section `Resource` (did you mean `Resources`?)"), "{text}");
    assert!(
        text.contains("No resources were checked, so there is no score"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("workflow.yaml: warning: not a CloudFormation template"),
        "{err}"
    );
    assert!(
        err.contains("--param Nope: no scanned template has a parameter of that name"),
        "{err}"
    );
    let out = hardstack(dir.path(), &["scan", "attr.yaml", "--fail-on", "none"]);
    assert!(stdout(&out).contains("attr.yaml:4:5: warning: unknown attribute `Propertes` on resource B (did you mean `Properties`?)"));
}

#[test]
fn a_migrated_skip_list_with_peer_ids_we_lack_warns_instead_of_failing() {
    let dir = dir_with(&[("t.yaml", LOW)]);
    let out = hardstack(
        dir.path(),
        &[
            "scan",
            "t.yaml",
            "--ignore",
            "CKV_AWS_18,W35,CKV_AWS_19",
            "--fail-on",
            "none",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: CKV_AWS_18: a peer tool's rule id that no hardstack rule implements"
        )
    );
    assert!(
        !stdout(&out).contains("S3-001"),
        "CKV_AWS_19 is S3-001's alias: ignored"
    );
    let out = hardstack(dir.path(), &["scan", "t.yaml", "--select", "NOPE-1"]);
    assert_eq!(
        code(&out),
        2,
        "a name that is neither ours nor a peer's is still an error"
    );
}
