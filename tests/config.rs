//! `hardstack.toml` settings end to end: each key, the command line winning, located
//! errors for unknown keys and rule ids, and `hardstack config`.

use std::path::Path;
use std::process::Output;

mod common;
use common::*;

/// SG-002 (medium) with the default; SG-001 (high) with SshCidr=0.0.0.0/0.
const SG: &str = "Parameters:\n  SshCidr:\n    Type: String\n    Default: 10.0.0.0/16\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ssh\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref SshCidr }\n";

/// A folder with a `.git` (so discovery stops there) and these files.
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).expect("write fixture");
    }
    dir
}

/// `path:line:col  ID  severity` of each finding line.
fn findings(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains("  "))
        .filter_map(|l| {
            let mut parts = l.split("  ");
            Some(format!(
                "{} {} {}",
                parts.next()?,
                parts.next()?,
                parts.next()?
            ))
        })
        .collect()
}

#[test]
fn select_and_fail_on_from_the_file_and_the_command_line_wins() {
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\nfail-on = \"low\"\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(findings(&o), ["low.yaml:2:3 S3-001 low"]);
    // CLI wins: --fail-on none passes; --select replaces the file's list.
    let o = hardstack(d.path(), &["scan", "--fail-on", "none"]);
    assert_eq!(code(&o), 0);
    let o = hardstack(d.path(), &["scan", "--select", "S3-004"]);
    assert_eq!(findings(&o), ["low.yaml:2:3 S3-004 low"]);
}

#[test]
fn ignore_by_service_prefix_and_alias() {
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "ignore = [\"S3\", \"TAG\", \"CKV_AWS_19\"]\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan", "--fail-on", "none"]);
    assert!(findings(&o).is_empty(), "{}", stdout(&o));
    let o = hardstack(d.path(), &["scan", "--ignore", "S3-004", "--select", "S3"]);
    let f = findings(&o);
    assert!(f.iter().any(|l| l.contains("S3-001")), "{f:?}");
    assert!(!f.iter().any(|l| l.contains("S3-004")), "{f:?}");
}

#[test]
fn severity_overrides_change_findings_the_gate_and_the_score() {
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\n\n[severity]\nS3-001 = \"high\"\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    assert_eq!(findings(&o), ["low.yaml:2:3 S3-001 high"]);
    assert_eq!(code(&o), 1, "the default gate is high");
    // A service prefix works too; the exact id wins over it.
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\", \"S3-004\"]\n[severity]\nS3-001 = \"critical\"\nS3 = \"medium\"\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan", "--fail-on", "none"]);
    assert_eq!(
        findings(&o),
        ["low.yaml:2:3 S3-001 critical", "low.yaml:2:3 S3-004 medium"]
    );
}

#[test]
fn per_path_ignores_drop_rules_for_matching_files() {
    let d = dir_with(&[
        ("legacy/old.yaml", LOW),
        ("new.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\n\n[[per-path]]\npath = \"legacy/**\"\nignore = [\"S3-001\"]\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    assert_eq!(findings(&o), ["new.yaml:2:3 S3-001 low"]);
    // Globs are relative to the file's folder, wherever the scan runs from.
    let o = hardstack(&d.path().join("legacy"), &["scan", "."]);
    assert!(findings(&o).is_empty(), "{}", stdout(&o));
}

#[test]
fn exclude_removes_files_from_discovery_but_not_named_ones() {
    let d = dir_with(&[
        ("vendor/lib.yaml", LOW),
        ("app.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\nexclude = [\"vendor\"]\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    assert_eq!(findings(&o), ["app.yaml:2:3 S3-001 low"]);
    assert!(stdout(&o).contains("1 file scanned"), "{}", stdout(&o));
    let o = hardstack(d.path(), &["scan", "vendor/lib.yaml"]);
    assert_eq!(findings(&o), ["vendor/lib.yaml:2:3 S3-001 low"]);
}

#[test]
fn params_for_every_template_per_glob_and_cli_wins() {
    let d = dir_with(&[
        ("a/sg.yaml", SG),
        ("b/sg.yaml", SG),
        (
            "hardstack.toml",
            "select = [\"SG\"]\nfail-on = \"none\"\n\n[params]\nSshCidr = \"10.1.0.0/16\"\n\n[params.\"b/*.yaml\"]\nSshCidr = \"0.0.0.0/0\"\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "a/sg.yaml:11:11  SG-002  medium  security group Sg allows SSH (22) from 10.1.0.0/16"
        ),
        "{out}"
    );
    assert!(out.contains("b/sg.yaml:11:11  SG-001  high"), "{out}");
    let o = hardstack(d.path(), &["scan", "--param", "SshCidr=10.9.0.0/16"]);
    let out = stdout(&o);
    assert_eq!(out.matches("from 10.9.0.0/16").count(), 2, "{out}");
}

#[test]
fn require_tags_and_account_baseline() {
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"TAG-001\"]\nrequire-tags = [\"Owner\", \"Environment=Production\"]\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    assert!(
        findings(&o).iter().any(|l| l.contains("TAG-001")),
        "{}",
        stdout(&o)
    );

    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/production-webapp/template.yaml"),
    )
    .unwrap();
    let toml = "select = [\"CT\", \"GD\"]\naccount-baseline = false\nfail-on = \"none\"\n";
    let d = dir_with(&[("t.yaml", &example), ("hardstack.toml", toml)]);
    let o = hardstack(d.path(), &["scan"]);
    assert!(findings(&o).is_empty(), "{}", stdout(&o));
    // --account-baseline switches them back on.
    let o = hardstack(d.path(), &["scan", "--account-baseline"]);
    let f = findings(&o);
    assert!(f.iter().any(|l| l.contains("CT-001")), "{f:?}");
}

#[test]
fn output_settings_format_quiet_output_and_requirements_gate() {
    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\nformat = \"json\"\nfail-on-requirements = true\n\n[[requirements]]\ntitle = \"versioned\"\ns3_versioning = true\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON from format = json");
    assert_eq!(v["files"][0]["findings"][0]["rule"], "S3-001");
    assert_eq!(code(&o), 1, "fail-on-requirements = true: not met fails");
    let o = hardstack(d.path(), &["scan", "--format", "text", "--quiet"]);
    assert!(stdout(&o).starts_with("1 finding"), "{}", stdout(&o));

    let d = dir_with(&[
        ("low.yaml", LOW),
        (
            "hardstack.toml",
            "select = [\"S3-001\"]\nquiet = true\noutput = \"out/report.txt\"\ncolor = \"never\"\n",
        ),
    ]);
    std::fs::create_dir(d.path().join("out")).unwrap();
    let o = hardstack(d.path(), &["scan"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report = std::fs::read_to_string(d.path().join("out/report.txt")).unwrap();
    assert!(report.starts_with("1 finding"), "{report}");
}

#[test]
fn unknown_keys_are_located_errors() {
    let cases = [
        (
            "select = [\"S3\"]\nselct = [\"S3\"]\n",
            "hardstack.toml:2:1: error: unknown key `selct`: expected one of `select`",
        ),
        (
            "fail_on = \"low\"\n",
            "hardstack.toml:1:1: error: unknown key `fail_on`: did you mean `fail-on`?",
        ),
        (
            "[[per-path]]\npath = \"x/**\"\nignores = [\"S3\"]\n",
            "hardstack.toml:3:1: error: unknown key `ignores`",
        ),
        (
            "[scan]\nselect = [\"S3\"]\n",
            "hardstack.toml:1:2: error: unknown key `scan`",
        ),
        (
            "fail-on = \"severe\"\n",
            "hardstack.toml:1:11: error: `severe` is not a severity",
        ),
        (
            "format = \"xml\"\n",
            "hardstack.toml:1: error: `xml` is not a report format",
        ),
        (
            "exclude = \"[oops\"\n",
            "hardstack.toml:1:11: error: bad glob `[oops`",
        ),
    ];
    for (toml, want) in cases {
        let d = dir_with(&[("low.yaml", LOW), ("hardstack.toml", toml)]);
        let o = hardstack(d.path(), &["scan"]);
        assert_eq!(code(&o), 2, "{toml}");
        assert!(stderr(&o).starts_with(want), "{toml}\n{}", stderr(&o));
    }
}

#[test]
fn unknown_rule_ids_are_located_errors() {
    let cases = [
        (
            "select = [\"S3\", \"NOPE-1\"]\n",
            "hardstack.toml:1:17: error: unknown rule `NOPE-1`",
        ),
        (
            "\nignore = [\"IAM-999\"]\n",
            "hardstack.toml:2:11: error: unknown rule `IAM-999`",
        ),
        (
            "[severity]\nS3-001 = \"low\"\nS3-999 = \"low\"\n",
            "hardstack.toml:3:1: error: unknown rule `S3-999`",
        ),
        (
            "[[per-path]]\npath = \"x/**\"\nignore = [\"XYZ\"]\n",
            "hardstack.toml:3:11: error: unknown rule `XYZ`",
        ),
    ];
    for (toml, want) in cases {
        let d = dir_with(&[("low.yaml", LOW), ("hardstack.toml", toml)]);
        let o = hardstack(d.path(), &["scan"]);
        assert_eq!(code(&o), 2, "{toml}");
        assert!(stderr(&o).starts_with(want), "{toml}\n{}", stderr(&o));
    }
    // A peer tool's id we do not implement (a migrated skip list) only warns.
    let d = dir_with(&[
        ("low.yaml", LOW),
        ("hardstack.toml", "ignore = [\"CKV_AWS_999999\"]\n"),
    ]);
    let o = hardstack(d.path(), &["scan", "--fail-on", "none"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: CKV_AWS_999999: a peer tool's rule id"),
        "{}",
        stderr(&o)
    );
    // On the command line too.
    let d = dir_with(&[("low.yaml", LOW)]);
    let o = hardstack(d.path(), &["scan", "--select", "S3,NOPE"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with("error: --select: unknown rule `NOPE`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_prints_each_value_with_its_origin() {
    let toml = r#"# team settings
select = ["S3", "IAM"]
fail-on = "medium"
region = "us-west-2"
require-tags = ["Owner"]
exclude = ["cdk.out/**"]
baseline = "hardstack-baseline.json"

[severity]
S3-001 = "medium"

[[per-path]]
path = "legacy/**"
ignore = ["S3-004"]

[params]
Env = "prod"

[params."Staging*"]
Env = "staging"
"#;
    let d = dir_with(&[("hardstack.toml", toml)]);
    let o = hardstack(
        d.path(),
        &[
            "config",
            "--fail-on",
            "high",
            "--param",
            "Owner=me",
            "--no-account-baseline",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("config_origins", stdout(&o));
    // What it prints is itself TOML.
    let _: toml::Table = stdout(&o).parse().expect("valid TOML");

    let d = dir_with(&[]);
    let o = hardstack(d.path(), &["config"]);
    assert!(stdout(&o).starts_with("# configuration file: none found\nselect = []  # default\n"));
}

#[test]
fn cdk_display_switches_have_config_twins() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("hardstack.toml"),
        "group-by-construct = true\nexclude-cdk-internal = true\n",
    )
    .unwrap();
    let stage = root.join("tests/fixtures/cdk/stage");
    let o = hardstack(
        d.path(),
        &[
            "scan",
            stage.to_str().unwrap(),
            "--config",
            "hardstack.toml",
            "--fail-on",
            "none",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("suppressed (cdk-internal)"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("Prod/Api/")),
        "a construct heading: {out}"
    );
}

#[test]
fn limits_have_config_twins_and_the_flag_wins() {
    let big = "Resources:\n".to_string()
        + &(0..5)
            .map(|i| format!("  B{i}: {{Type: AWS::SNS::Topic}}\n"))
            .collect::<String>();
    let d = dir_with(&[
        ("t.yaml", &big),
        (
            "hardstack.toml",
            "max-resources = 3\nmax-file-size = \"1M\"\n",
        ),
    ]);
    let o = hardstack(d.path(), &["scan", "t.yaml", "--fail-on", "none"]);
    assert_eq!(code(&o), 2, "over the configured resource limit");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--max-resources"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "t.yaml",
            "--fail-on",
            "none",
            "--max-resources",
            "10",
        ],
    );
    assert_eq!(
        code(&o),
        0,
        "the flag wins: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = hardstack(d.path(), &["config", "t.yaml"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("max-resources = 3  # hardstack.toml:1"),
        "{out}"
    );
    assert!(
        out.contains("max-file-size = 1048576  # hardstack.toml:2"),
        "{out}"
    );
}
