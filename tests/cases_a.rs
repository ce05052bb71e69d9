//! The shared bug-report cases (`../shared/cases/BR-0xx`) that name group A rules (IAM,
//! secrets, KMS, SNS, SQS, RDS, Lambda): each asserts the behaviour its `.expected.md`
//! describes. The cases live outside the repository; without them the tests note it and
//! pass.

use std::path::{Path, PathBuf};

use hardstack::assess::FileReport;
use hardstack::{FileOutcome, Options, scan_file};

fn cases_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/cases", "../../shared/cases"]
        .iter()
        .map(|p| root.join(p))
        .find(|p| p.is_dir())
}

/// Scan a case with every rule; `None` (and a note) when the cases are not available.
fn scan(name: &str) -> Option<FileReport> {
    let Some(dir) = cases_dir() else {
        eprintln!("note: ../shared/cases not found; skipping {name}");
        return None;
    };
    let path = dir.join(name);
    match scan_file(&path, &Options::default()) {
        FileOutcome::Scanned(r) => Some(r),
        other => panic!("{name} did not scan: {other:?}"),
    }
}

fn fails(r: &FileReport, rule: &str, resource: &str) -> bool {
    r.findings
        .iter()
        .any(|f| f.rule.id == rule && f.resource.as_deref() == Some(resource) && !f.off_default)
}

fn any_finding(r: &FileReport, rule: &str, resource: &str) -> bool {
    r.findings
        .iter()
        .any(|f| f.rule.id == rule && f.resource.as_deref() == Some(resource))
}

fn passes(r: &FileReport, rule: &str, resource: &str) -> bool {
    r.passes
        .iter()
        .any(|p| p.rule.id == rule && p.resource.as_deref() == Some(resource))
}

fn dump(r: &FileReport) -> String {
    let mut s = String::new();
    for f in &r.findings {
        s += &format!(
            "  {} {}:{} [{:?}] {} when={:?}\n",
            f.rule.id, f.span.start.line, f.span.start.col, f.resource, f.message, f.when
        );
    }
    for p in &r.passes {
        s += &format!("  pass {} [{:?}] {}\n", p.rule.id, p.resource, p.evidence);
    }
    for d in &r.diagnostics {
        s += &format!(
            "  diag {}:{} {}\n",
            d.span.start.line, d.span.start.col, d.message
        );
    }
    s
}

#[test]
fn br002_duplicate_topic_last_definition_fails_sns_encryption() {
    let Some(r) = scan("BR-002.yaml") else { return };
    let dup = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("AlertsTopic"));
    let dup =
        dup.unwrap_or_else(|| panic!("no duplicate-key diagnostic for AlertsTopic\n{}", dump(&r)));
    assert!(
        dup.message.contains('3') && dup.message.contains("10"),
        "diagnostic names both lines: {}",
        dup.message
    );
    assert!(
        fails(&r, "SNS-001", "AlertsTopic"),
        "AlertsTopic (last copy, no KmsMasterKeyId) must fail SNS-001\n{}",
        dump(&r)
    );
    assert!(
        !passes(&r, "SNS-001", "AlertsTopic"),
        "the encrypted first copy must not count\n{}",
        dump(&r)
    );
    let f = r.findings.iter().find(|f| f.rule.id == "SNS-001").unwrap();
    assert!(
        f.span.start.line >= 10,
        "finding points into the effective definition (line {})",
        f.span.start.line
    );
}

#[test]
fn br005_scoped_ssm_arn_from_list_sub_is_not_a_wildcard_resource() {
    let Some(r) = scan("BR-005.yaml") else { return };
    assert!(
        !any_finding(&r, "IAM-002", "AppRole"),
        "scoped parameter ARN must not fail IAM-002\n{}",
        dump(&r)
    );
    assert!(
        passes(&r, "IAM-002", "AppRole"),
        "AppRole should record an IAM-002 pass\n{}",
        dump(&r)
    );
}

#[test]
fn br006_administrator_access_through_sub_partition_fails() {
    let Some(r) = scan("BR-006.yaml") else { return };
    let f = r
        .findings
        .iter()
        .find(|f| f.rule.id == "IAM-004" && f.resource.as_deref() == Some("Role"));
    let f = f.unwrap_or_else(|| panic!("Role must fail IAM-004\n{}", dump(&r)));
    assert!(!f.off_default);
    assert!(
        f.message
            .contains("arn:aws:iam::aws:policy/AdministratorAccess"),
        "{}",
        f.message
    );
}

#[test]
fn br008_tab_separated_default_still_scans_and_queue_passes_sqs_encryption() {
    let Some(r) = scan("BR-008.yaml") else { return };
    assert!(
        passes(&r, "SQS-001", "Queue"),
        "Queue uses SSE-SQS\n{}",
        dump(&r)
    );
    assert!(!any_finding(&r, "SQS-001", "Queue"), "{}", dump(&r));
}

#[test]
fn br009_yaml11_booleans_encrypted_and_private_database() {
    let Some(r) = scan("BR-009.yaml") else { return };
    assert!(
        passes(&r, "RDS-001", "Database") && !any_finding(&r, "RDS-001", "Database"),
        "`yes` is true\n{}",
        dump(&r)
    );
    assert!(
        passes(&r, "RDS-002", "Database") && !any_finding(&r, "RDS-002", "Database"),
        "`off` is false\n{}",
        dump(&r)
    );
}

#[test]
fn br011_malformed_ref_warns_and_public_queue_policy_fails() {
    let Some(r) = scan("BR-011.yaml") else { return };
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.span.start.line == 11 && d.message.contains("malformed")),
        "warning at line 11 about a malformed intrinsic\n{}",
        dump(&r)
    );
    assert!(
        fails(&r, "SQS-002", "JobsQueuePolicy"),
        "Allow to Principal * must fail SQS-002\n{}",
        dump(&r)
    );
}

#[test]
fn br017_mapping_user_data_does_not_crash_and_has_no_secrets() {
    let Some(r) = scan("BR-017.yaml") else { return };
    assert!(passes(&r, "SEC-003", "WebInstance"), "{}", dump(&r));
    assert!(!any_finding(&r, "SEC-003", "WebInstance"), "{}", dump(&r));
}

#[test]
fn br018_properties_if_new_branch_fails_secret_cmk_naming_is_new() {
    let Some(r) = scan("BR-018.yaml") else { return };
    let f = r
        .findings
        .iter()
        .find(|f| f.rule.id == "SM-001" && f.resource.as_deref() == Some("AppDbSecret"));
    let f = f.unwrap_or_else(|| panic!("the IsNew branch must fail SM-001\n{}", dump(&r)));
    assert!(
        f.when
            .as_deref()
            .is_some_and(|w| w.contains("IsNew") && !w.contains("not IsNew")),
        "names condition IsNew: {:?}",
        f.when
    );
    assert!(!f.off_default, "IsNew holds under the parameter default");
    assert_eq!(
        r.findings.iter().filter(|f| f.rule.id == "SM-001").count(),
        1,
        "only the IsNew branch fails\n{}",
        dump(&r)
    );
    assert!(
        passes(&r, "SM-001", "AppDbSecret"),
        "the restore branch passes with its KMS key\n{}",
        dump(&r)
    );
}

#[test]
fn br019_sam_globals_merged_function_fails_environment_kms() {
    let Some(r) = scan("BR-019.yaml") else { return };
    assert!(
        fails(&r, "LAMBDA-001", "ProcessorFunction"),
        "Globals.Function environment without KmsKeyArn\n{}",
        dump(&r)
    );
}

#[test]
fn br025_quoted_false_disables_sqs_encryption() {
    let Some(r) = scan("BR-025.yaml") else { return };
    assert!(
        passes(&r, "SQS-001", "ManagedSseQueue") && !any_finding(&r, "SQS-001", "ManagedSseQueue"),
        "{}",
        dump(&r)
    );
    assert!(
        fails(&r, "SQS-001", "QuotedFalseQueue"),
        "\"false\" is false\n{}",
        dump(&r)
    );
    assert!(
        passes(&r, "SQS-001", "KmsQueue") && !any_finding(&r, "SQS-001", "KmsQueue"),
        "{}",
        dump(&r)
    );
}
