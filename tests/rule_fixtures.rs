//! Runs every fixture under `tests/fixtures/rules/<RULE-ID>/` and compares the rule's
//! findings and passes with the expectations written in the fixture:
//!
//! - `# expect: ID` on a line: a finding of rule ID (above info) starts on that line;
//! - `# expect-info: ID`: an informational finding (one that holds only off the defaults);
//! - `# pass: ID` on a resource's logical-id line (or `Resources:` for stack-wide rules):
//!   the rule records a pass for it;
//! - `# options: region=us-west-2 param:Key=Value tag:Environment=Production baseline=off`
//!   anywhere: scan options.
//!
//! Only the folder's rule is compared, so fixtures may trigger other rules freely.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hardstack::{FileOutcome, Options, scan_source};

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn options_for(text: &str) -> Options {
    let mut opts = Options::default();
    for line in text.lines() {
        let Some(rest) = line.split("# options:").nth(1) else {
            continue;
        };
        for word in rest.split_whitespace() {
            if let Some(r) = word.strip_prefix("region=") {
                opts.region = Some(r.to_string());
            } else if let Some(p) = word.strip_prefix("param:") {
                let (k, v) = p.split_once('=').expect("param:K=V");
                opts.params.insert(k.to_string(), v.to_string());
            } else if let Some(t) = word.strip_prefix("tag:") {
                let (k, v) = t
                    .split_once('=')
                    .map_or((t, None), |(k, v)| (k, Some(v.to_string())));
                opts.rules.required_tags.push((k.to_string(), v));
            } else if word == "baseline=off" {
                opts.rules.account_baseline = false;
            } else {
                panic!("unknown fixture option {word}");
            }
        }
    }
    opts
}

/// `(line, kind)` pairs for `marker` (`expect`, `expect-info`, `pass`) naming `id`.
fn marked(text: &str, marker: &str, id: &str) -> BTreeSet<(u32, String)> {
    let tag = format!("# {marker}:");
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        for part in line.split('#').skip(1) {
            let part = format!("#{part}");
            if let Some(ids) = part.strip_prefix(&tag) {
                for found in ids.split(',').map(str::trim) {
                    if found == id {
                        out.insert((i as u32 + 1, marker.to_string()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_fixture_matches_its_expectations() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in fixture_dirs() {
        let id = dir.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            hardstack::rules::find(&id).is_some(),
            "fixture folder {id} names no rule"
        );
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let mut opts = options_for(&text);
            opts.select = vec![id.clone()];
            let report = match scan_source(&file, &text, &opts) {
                FileOutcome::Scanned(r) => r,
                other => panic!("{}: did not scan: {other:?}", file.display()),
            };
            let expected: BTreeSet<(u32, String)> = marked(&text, "expect", &id)
                .into_iter()
                .chain(marked(&text, "expect-info", &id))
                .collect();
            let actual: BTreeSet<(u32, String)> = report
                .findings
                .iter()
                .filter(|f| f.rule.id == id)
                .map(|f| {
                    (
                        f.span.start.line,
                        if f.off_default {
                            "expect-info"
                        } else {
                            "expect"
                        }
                        .to_string(),
                    )
                })
                .collect();
            if expected != actual {
                let detail: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| f.rule.id == id)
                    .map(|f| {
                        format!(
                            "  {}:{} {} {}",
                            f.span.start.line,
                            f.span.start.col,
                            f.severity.as_str(),
                            f.message
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{}: expected {:?}, got {:?}\n{}",
                    file.display(),
                    expected,
                    actual,
                    detail.join("\n")
                ));
            }
            // Passes: each marked line must hold a resource (or `Resources:`) with a pass.
            let template_lines: Vec<&str> = text.lines().collect();
            for (line, _) in marked(&text, "pass", &id) {
                let key = template_lines[line as usize - 1]
                    .trim()
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let ok = report.passes.iter().any(|p| {
                    p.rule.id == id
                        && p.resource
                            .as_deref()
                            .map_or(key == "Resources", |r| r == key)
                });
                if !ok {
                    failures.push(format!(
                        "{}:{line}: expected a pass of {id} for `{key}`",
                        file.display()
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
