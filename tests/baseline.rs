//! `--write-baseline` and `--baseline`: only new findings count; fingerprints survive
//! line moves.

use std::path::Path;
use std::process::Output;

mod common;
use common::*;

/// The unsuppressed finding lines of a text report.
fn live(o: &Output) -> Vec<String> {
    let out = stdout(o);
    let lines: Vec<&str> = out.lines().collect();
    let mut live = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(' ') || !l.contains("  ") {
            continue;
        }
        let suppressed = lines[i + 1..]
            .iter()
            .take_while(|n| n.starts_with("  "))
            .any(|n| n.starts_with("  suppressed"));
        if !suppressed {
            live.push(l.to_string());
        }
    }
    live
}

#[test]
fn baseline_reports_only_new_findings_and_survives_line_moves() {
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/production-webapp/template.yaml"),
    )
    .unwrap();
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join(".git")).unwrap();
    let template = d.path().join("template.yaml");
    std::fs::write(&template, &example).unwrap();

    let o = hardstack(
        d.path(),
        &["scan", "template.yaml", "--write-baseline", "baseline.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["tool"], "hardstack");
    assert_eq!(b["tool_version"], env!("CARGO_PKG_VERSION"));
    let entries = b["entries"].as_array().unwrap();
    assert!(entries.len() > 10, "{b}");
    for e in entries {
        assert_eq!(e["file"], "template.yaml");
        assert_eq!(e["fingerprint"].as_str().unwrap().len(), 16);
        assert!(e["rule"].is_string() && e["message"].is_string() && e.get("resource").is_some());
    }
    let n = entries.len();

    // An unrelated edit: a comment near the top moves every line.
    let moved = example.replacen('\n', "\n# reviewed 2026-01-01\n", 1);
    std::fs::write(&template, &moved).unwrap();
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "template.yaml",
            "--baseline",
            "baseline.json",
            "--fail-on",
            "low",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(live(&o).is_empty(), "{:?}", live(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info), {n} suppressed (0 new, {n} baselined, 0 fixed since the baseline)")),
        "{out}"
    );
    // Baselined findings stay visible as suppressed, and do not lower the score.
    assert!(
        out.contains("  suppressed (baseline): in the baseline baseline.json"),
        "{out}"
    );
    assert!(out.contains("Score: 10.0/10"), "{out}");
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "template.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["baseline"]["file"], "baseline.json");
    assert_eq!(v["baseline"]["new"], 0);
    assert_eq!(v["baseline"]["baselined"], n);
    let o = hardstack(
        d.path(),
        &[
            "scan",
            "template.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "markdown",
        ],
    );
    assert!(stdout(&o).contains(&format!("Against the baseline `baseline.json`: 0 new, {n} baselined, 0 fixed since the baseline.")), "{}", stdout(&o));

    // A changed property is a new finding; the old one's entry is fixed. From another
    // folder too: files are relative to the baseline's folder.
    assert!(moved.contains("CidrIp: 10.0.0.0/16, Description: SSH"));
    let changed = moved.replace(
        "CidrIp: 10.0.0.0/16, Description: SSH",
        "CidrIp: 10.0.0.0/8, Description: SSH",
    );
    std::fs::write(&template, &changed).unwrap();
    let parent = d.path().parent().unwrap();
    let name = d.path().file_name().unwrap().to_str().unwrap();
    let o = hardstack(
        parent,
        &[
            "scan",
            &format!("{name}/template.yaml"),
            "--baseline",
            &format!("{name}/baseline.json"),
            "--fail-on",
            "medium",
        ],
    );
    let new = live(&o);
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(
        new[0].contains("SG-002") && new[0].contains("10.0.0.0/8"),
        "{new:?}"
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the new medium finding fails the gate"
    );
    assert!(
        stdout(&o).contains(&format!(
            "(1 new, {} baselined, 1 fixed since the baseline)",
            n - 1
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_broken_baseline_is_a_located_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join(".git")).unwrap();
    std::fs::write(
        d.path().join("t.yaml"),
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("b.json"),
        "{\n  \"version\": 1,\n  \"entries\": 3\n}\n",
    )
    .unwrap();
    let o = hardstack(d.path(), &["scan", "t.yaml", "--baseline", "b.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("b.json:"), "{}", stderr(&o));
    // `baseline` in hardstack.toml is the twin of --baseline, relative to the file.
    std::fs::write(d.path().join("hardstack.toml"), "baseline = \"b.json\"\n").unwrap();
    let o = hardstack(d.path(), &["scan", "t.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("b.json:"), "{}", stderr(&o));
}
