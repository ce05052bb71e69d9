//! The shared bug-report cases (`../shared/cases/BR-0xx`) that name group C's rules (S3,
//! audit, monitoring, tagging): each asserts the behaviour its `.expected.md` describes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hardstack::assess::FileReport;
use hardstack::{FileOutcome, Options, scan_file};

fn cases_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../shared/cases", "../../shared/cases"]
        .iter()
        .map(|p| manifest.join(p))
        .find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("note: ../shared/cases not found; skipping the bug-report cases");
    }
    found
}

fn scan_with(name: &str, opts: &Options) -> Option<FileReport> {
    let path = cases_dir()?.join(name);
    match scan_file(&path, opts) {
        FileOutcome::Scanned(r) => Some(r),
        other => panic!("{name}: did not scan: {other:?}"),
    }
}

fn scan(name: &str) -> Option<FileReport> {
    scan_with(name, &Options::default())
}

/// Findings of `rule` on `resource` at their full severity (not informational).
fn fails(r: &FileReport, rule: &str, resource: &str) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.rule.id == rule && f.resource.as_deref() == Some(resource) && !f.off_default)
        .map(|f| f.message.clone())
        .collect()
}

fn passes(r: &FileReport, rule: &str, resource: &str) -> bool {
    r.passes
        .iter()
        .any(|p| p.rule.id == rule && p.resource.as_deref() == Some(resource))
}

fn assert_passes(r: &FileReport, rule: &str, resource: &str) {
    let f = fails(r, rule, resource);
    assert!(
        f.is_empty(),
        "{}: {resource} should pass {rule}, got {f:?}",
        r.path.display()
    );
    assert!(
        passes(r, rule, resource),
        "{}: {resource} has no {rule} pass; passes: {:?}",
        r.path.display(),
        r.passes
    );
}

#[test]
fn br001_anchor_and_merge_key_buckets_pass_encryption_and_public_access_block() {
    let Some(r) = scan("BR-001.yaml") else { return };
    for bucket in ["LogsBucket", "DataBucket"] {
        assert_passes(&r, "S3-001", bucket);
        assert_passes(&r, "S3-002", bucket);
    }
    // At most a non-blocking warning (aliases need packaging); never a duplicate-key error.
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.message.to_ascii_lowercase().contains("duplicate")),
        "merge key reported as duplicate: {:?}",
        r.diagnostics
    );
}

#[test]
fn br004_kms_key_from_nested_stack_output_passes_encryption() {
    let Some(r) = scan("BR-004.yaml") else { return };
    assert_passes(&r, "S3-001", "ReportsBucket");
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.message.to_ascii_lowercase().contains("unknown attribute")),
        "GetAtt Outputs.X reported as an unknown attribute: {:?}",
        r.diagnostics
    );
}

#[test]
fn br007_json_with_tabs_loads_and_public_read_acl_fails() {
    let Some(r) = scan("BR-007.json") else { return };
    let f = fails(&r, "S3-006", "PublicBucket");
    assert_eq!(f.len(), 1, "PublicBucket should fail S3-006 once: {f:?}");
    assert!(f[0].contains("PublicRead"), "{}", f[0]);
    let finding = r.findings.iter().find(|x| x.rule.id == "S3-006");
    // The finding points at the AccessControl value (line 7 of the file), not at 1:1.
    assert_eq!(finding.map(|x| x.span.start.line), Some(7));
}

#[test]
fn br010_unquoted_dates_and_public_bucket_policy_fails() {
    let Some(r) = scan("BR-010.yaml") else { return };
    let f = fails(&r, "S3-007", "ArchiveBucketPolicy");
    assert_eq!(
        f.len(),
        1,
        "ArchiveBucketPolicy should fail S3-007 once: {f:?}"
    );
    assert!(
        f[0].contains("s3:GetObject") && f[0].contains("everyone"),
        "{}",
        f[0]
    );
    // The bucket it opens has no statement restricting access and no TLS enforcement either.
    assert!(!fails(&r, "S3-005", "ArchiveBucket").is_empty());
    assert!(!fails(&r, "S3-003", "ArchiveBucket").is_empty());
}

#[test]
fn br012_versioning_through_condition_default_passes() {
    let Some(r) = scan("BR-012.yaml") else { return };
    assert_passes(&r, "S3-004", "Bucket");
    // The Suspended branch is only an informational note, naming the scenario.
    let info: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.id == "S3-004")
        .collect();
    assert!(info.iter().all(|f| f.off_default), "{info:?}");
    assert!(
        info.iter()
            .all(|f| f.when.as_deref() == Some("not VersioningOn")),
        "{info:?}"
    );

    // With EnableVersioning=FALSE given, Suspended is a real finding.
    let mut opts = Options::default();
    opts.params
        .insert("EnableVersioning".into(), "FALSE".into());
    let Some(r) = scan_with("BR-012.yaml", &opts) else {
        return;
    };
    let f = fails(&r, "S3-004", "Bucket");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("Suspended"), "{}", f[0]);
}

#[test]
fn br021_custom_resource_is_opaque_and_lambda_findings_carry_cdk_path() {
    // Require a tag so that the tagging rules have something to say about every taggable
    // resource: the custom resource must stay out of it.
    let mut opts = Options::default();
    opts.rules.required_tags.push(("Owner".into(), None));
    let Some(r) = scan_with("BR-021.json", &opts) else {
        return;
    };
    assert!(
        !r.findings
            .iter()
            .any(|f| f.resource.as_deref() == Some("GetParameterCall")),
        "Custom::AWS got findings: {:?}",
        r.findings
            .iter()
            .filter(|f| f.resource.as_deref() == Some("GetParameterCall"))
            .map(|f| &f.message)
            .collect::<Vec<_>>()
    );
    let lambda = "AWS679f53fac002430cb0da5b7982bd22872D164C4C";
    let tag = r
        .findings
        .iter()
        .find(|f| f.rule.id == "TAG-001" && f.resource.as_deref() == Some(lambda));
    assert!(
        tag.is_some(),
        "the Lambda function is scanned normally (TAG-001 Owner)"
    );
    for f in r
        .findings
        .iter()
        .filter(|f| f.resource.as_deref() == Some(lambda))
    {
        assert_eq!(
            f.cdk_path.as_deref(),
            Some("ExampleStack/AWS679f53fac002430cb0da5b7982bd2287/Resource"),
            "{}",
            f.message
        );
    }
}

#[test]
fn br022_many_conditions_all_buckets_encrypted_fast_and_deterministic() {
    let start = Instant::now();
    let Some(r) = scan("BR-022.yaml") else { return };
    let elapsed = start.elapsed();
    // A generous guard (debug build, shared machine); the real budget is far lower.
    assert!(elapsed < Duration::from_secs(2), "BR-022 took {elapsed:?}");
    for i in 1..=6 {
        assert_passes(&r, "S3-001", &format!("Bucket{i}"));
    }
    // Every bucket carries the same tag key: a consistent convention.
    assert!(
        r.passes
            .iter()
            .any(|p| p.rule.id == "TAG-002" && p.resource.is_none())
    );
    assert!(!r.findings.iter().any(|f| f.rule.id == "TAG-002"));

    let again = scan("BR-022.yaml").expect("scanned once already");
    let key = |r: &FileReport| {
        r.findings
            .iter()
            .map(|f| (f.rule.id, f.span.start, f.message.clone(), f.when.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&r), key(&again), "findings differ between runs");
}
