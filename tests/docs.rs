//! `docs/rules.md` is generated from the rule metadata; `hardstack rules` filters.

use std::path::Path;
use std::process::Command;

use hardstack::render::catalog;
use hardstack::rules;

#[test]
fn rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = catalog::markdown(rules::ALL);
    assert!(
        committed.replace("\r\n", "\n") == fresh,
        "docs/rules.md is stale: run `{}`",
        catalog::DOCS_COMMAND
    );
}

#[test]
fn rules_md_has_a_section_per_rule() {
    let md = catalog::markdown(rules::ALL);
    for r in rules::ALL {
        let m = &r.meta;
        let anchor = format!("<a id=\"{}\"></a>", m.id.to_ascii_lowercase());
        assert_eq!(md.matches(&anchor).count(), 1, "{}", m.id);
        assert!(
            md.contains(&format!("## {}: {}", m.id, m.title)),
            "{}",
            m.id
        );
        assert!(
            md.contains(&format!("(#{})", m.id.to_ascii_lowercase())),
            "{}",
            m.id
        );
    }
}

fn run(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hardstack"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn rules_filters_and_fixable_column() {
    let (code, out) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("ID "), "{out}");
    assert!(out.lines().next().unwrap().contains("FIXABLE"), "{out}");
    let ids = |out: &str| -> Vec<String> {
        out.lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&out).len(), rules::ALL.len());

    let (_, out) = run(&["rules", "S3"]);
    let s3 = ids(&out);
    assert!(
        !s3.is_empty() && s3.iter().all(|i| i.starts_with("S3-")),
        "{s3:?}"
    );
    let (_, out) = run(&["rules", "CKV_AWS_19"]);
    assert_eq!(ids(&out), ["S3-001"]);
    let (_, out) = run(&["rules", "--service", "iam", "--severity", "high"]);
    let iam = ids(&out);
    assert!(
        !iam.is_empty() && iam.iter().all(|i| i.starts_with("IAM-")),
        "{iam:?}"
    );
    let (_, out) = run(&["rules", "--tier", "low", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["tier"] == "low" && r["fixable"] == false)
    );
    let (code, _) = run(&["rules", "NOPE-9"]);
    assert_eq!(code, 2);
    let (_, md) = run(&["rules", "--format", "markdown"]);
    assert_eq!(md, catalog::markdown(rules::ALL));
}
