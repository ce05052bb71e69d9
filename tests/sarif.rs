//! `--format sarif`: valid SARIF 2.1.0 (checked against the official schema, vendored in
//! `tests/schemas/`), with the fields GitHub code scanning reads.

use std::path::{Path, PathBuf};

use hardstack::render::{self, Report};
use hardstack::{Options, ScanResult, scan};
use serde_json::Value;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let vendored = manifest().join("tests/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&vendored).expect("vendored SARIF schema");
    // The team's shared copy, where there is one, must be the same file.
    for shared in ["../shared/schemas", "../../shared/schemas"] {
        let p = manifest().join(shared).join("sarif-schema-2.1.0.json");
        if let Ok(other) = std::fs::read_to_string(&p) {
            assert_eq!(
                other,
                text,
                "{} differs from the vendored schema",
                p.display()
            );
        }
    }
    // The official schema's `language` pattern has a stray `]` that ECMA-262 regexes
    // reject; replace it by what it means (`en` or `en-US`) before compiling.
    let bad = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(bad), "the schema's language pattern changed");
    let text = text.replace(bad, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    serde_json::from_str(&text).expect("schema is JSON")
}

fn validate(sarif: &Value) {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is not valid:\n{}",
        errors.join("\n")
    );
}

fn sarif_of(paths: &[PathBuf], opts: &Options) -> (ScanResult, Value, String) {
    let result = scan(paths, opts);
    let text = {
        let mut r = Report::new(&result, "test");
        r.version = "0.0.0-test";
        render::sarif::render(&r)
    };
    let v: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    (result, v, text)
}

fn example() -> (ScanResult, Value, String) {
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    sarif_of(
        &[PathBuf::from("examples/production-webapp/template.yaml")],
        &opts,
    )
}

fn ci_fixture() -> Value {
    // Absolute, to check that it is still written relative to the scan root.
    let path = manifest().join("tests/fixtures/ci/suppressed.yaml");
    let opts = Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    };
    sarif_of(&[path], &opts).1
}

fn artifact_uris(v: &Value, out: &mut Vec<(String, Option<String>)>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(a)) = m.get("artifactLocation") {
                out.push((
                    a["uri"].as_str().unwrap_or_default().to_string(),
                    a.get("uriBaseId").and_then(Value::as_str).map(String::from),
                ));
            }
            m.values().for_each(|x| artifact_uris(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| artifact_uris(x, out)),
        _ => {}
    }
}

#[test]
fn example_sarif_is_valid_sarif_2_1_0() {
    let (_, v, _) = example();
    validate(&v);
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1));
}

#[test]
fn example_sarif_has_what_github_code_scanning_reads() {
    let (result, v, _) = example();
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "hardstack");
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), hardstack::rules::ALL.len());
    for r in rules {
        let sev = r["properties"]["security-severity"].as_str().unwrap();
        let n: f64 = sev.parse().expect("security-severity is a number");
        assert!((0.0..=10.0).contains(&n));
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("**Risk:**")
        );
        let id = r["id"].as_str().unwrap();
        assert!(
            r["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("docs/rules.md#{}", id.to_lowercase()))
        );
        assert!(
            ["error", "warning", "note"]
                .contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }

    let results = run["results"].as_array().unwrap();
    let findings: usize = result.reports.iter().map(|r| r.findings.len()).sum();
    assert_eq!(results.len(), findings);
    assert!(!results.is_empty());
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        let fp = res["partialFingerprints"]["hardstack/v1"].as_str().unwrap();
        assert_eq!(fp.len(), 16);
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "examples/production-webapp/template.yaml"
        );
    }
    // Every result on a resource names it as a logical location.
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["logicalLocations"][0]["kind"] == "resource")
    );

    let mut uris = Vec::new();
    artifact_uris(run, &mut uris);
    for (uri, base) in &uris {
        if base.is_none() {
            continue; // originalUriBaseIds itself
        }
        assert!(
            !uri.starts_with('/') && !uri.contains("://"),
            "{uri} is not relative"
        );
        assert_eq!(base.as_deref(), Some("%SRCROOT%"));
    }
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn example_sarif_snapshot() {
    let (_, mut v, _) = example();
    v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///SRCROOT/".into();
    // The rule catalogue is checked above; keep the snapshot about the results.
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap();
    rules.retain(|r| r["id"] == "S3-005" || r["id"] == "IAM-002");
    let text = serde_json::to_string_pretty(&v).unwrap();
    assert!(!text.contains(env!("CARGO_MANIFEST_DIR")));
    insta::assert_snapshot!("example_sarif", text);
}

#[test]
fn suppressed_findings_carry_a_suppression_with_justification() {
    let v = ci_fixture();
    validate(&v);
    let results = v["runs"][0]["results"].as_array().unwrap();
    let by_resource = |name: &str| {
        results
            .iter()
            .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == name)
            .unwrap_or_else(|| panic!("no result on {name}"))
    };
    let website = by_resource("Website");
    let s = &website["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert!(
        s["justification"]
            .as_str()
            .unwrap()
            .starts_with("Public website bucket")
    );
    assert!(by_resource("Open").get("suppressions").is_none());
    assert_eq!(
        website["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/ci/suppressed.yaml"
    );
}

#[test]
fn load_errors_are_tool_execution_notifications() {
    let (_, v, _) = sarif_of(
        &[PathBuf::from("tests/fixtures/render/broken.yaml")],
        &Options::default(),
    );
    validate(&v);
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    let loc = &n["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/render/broken.yaml"
    );
    assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
}
