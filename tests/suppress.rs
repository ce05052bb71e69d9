//! Inline suppressions: ours (reason required) and the peers' formats through aliases.

use std::path::Path;

use hardstack::{FileOutcome, Options, scan_source};

const TEMPLATE: &str = r#"
Resources:
  Ours:
    Type: AWS::S3::Bucket
    Metadata:
      hardstack:
        suppress:
          - { id: S3-001, reason: "static website, encrypted by the CDN origin" }
  NoReason:
    Type: AWS::S3::Bucket
    Metadata:
      hardstack:
        suppress:
          - { id: S3-001 }
  Checkov:
    Type: AWS::S3::Bucket
    Metadata:
      checkov:
        skip:
          - { id: CKV_AWS_19, comment: "legacy bucket, migrating" }
  CfnNag:
    Type: AWS::S3::Bucket
    Metadata:
      cfn_nag:
        rules_to_suppress:
          - { id: W41, reason: "encrypted by the uploader" }
  CdkNag:
    Type: AWS::S3::Bucket
    Metadata:
      cdk_nag:
        rules_to_suppress:
          - { id: AwsSolutions-S10, reason: "log bucket, written by the ALB only" }
  Unused:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
    Metadata:
      hardstack:
        suppress:
          - { id: S3-001, reason: "no longer needed" }
          - { id: NOPE-999, reason: "typo" }
"#;

#[test]
fn suppressions_mark_findings_and_report_their_own_problems() {
    let opts = Options {
        select: vec!["S3-001".into(), "S3-003".into()],
        ..Options::default()
    };
    let FileOutcome::Scanned(r) = scan_source(Path::new("s.yaml"), TEMPLATE, &opts) else {
        panic!("scan")
    };
    let status_of = |rule: &str, res: &str| {
        r.findings
            .iter()
            .find(|f| f.rule.id == rule && f.resource.as_deref() == Some(res))
            .map(|f| f.suppressed.as_ref().map(|s| s.origin.clone()))
    };
    let status = |res: &str| status_of("S3-001", res);
    assert_eq!(status("Ours"), Some(Some("hardstack".into())));
    assert_eq!(
        status("NoReason"),
        Some(None),
        "a suppression without a reason is not applied"
    );
    assert_eq!(status("Checkov"), Some(Some("checkov".into())));
    assert_eq!(status("CfnNag"), Some(Some("cfn_nag".into())));
    // cdk-nag's AwsSolutions-S10 is our S3-003 (TLS-only bucket policy).
    assert_eq!(status_of("S3-003", "CdkNag"), Some(Some("cdk_nag".into())));
    assert_eq!(
        status("CdkNag"),
        Some(None),
        "AwsSolutions-S10 does not suppress S3-001"
    );
    let ours = r
        .findings
        .iter()
        .find(|f| f.resource.as_deref() == Some("Ours"))
        .unwrap();
    assert_eq!(
        ours.suppressed.as_ref().unwrap().reason,
        "static website, encrypted by the CDN origin"
    );
    let warned = |needle: &str| r.diagnostics.iter().any(|d| d.message.contains(needle));
    assert!(warned("has no `reason`"));
    assert!(warned("matches no finding"));
    assert!(warned("unknown rule NOPE-999"));
}

/// An accepted (suppressed) weakness costs no points but is not a strength either.
#[test]
fn a_suppressed_finding_is_not_a_strength() {
    let text = r#"
Resources:
  Accepted:
    Type: AWS::S3::Bucket
    Metadata:
      hardstack:
        suppress:
          - { id: S3-001, reason: "encrypted client-side before upload" }
  Encrypted:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
"#;
    let opts = Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    };
    let FileOutcome::Scanned(r) = scan_source(Path::new("s.yaml"), text, &opts) else {
        panic!("scan")
    };
    let a = hardstack::assess::assess(std::slice::from_ref(&r));
    assert!(
        a.strengths
            .iter()
            .all(|(_, s)| s.iter().all(|s| s.rule.id != "S3-001"))
    );
    assert_eq!(a.score.now, 10.0, "suppressed findings cost nothing");
}

/// Each peer's suppression format, written on the example stack the way its users write
/// it, suppresses our equivalent finding and keeps it listed with its reason and origin.
#[test]
fn peer_suppressions_on_the_example_stack() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("examples/production-webapp/template.yaml")).unwrap();
    let add = |text: String, resource: &str, meta: &str| {
        let head = format!("  {resource}:\n    Type: ");
        assert!(text.contains(&head), "{resource}");
        text.replacen(
            &head,
            &format!("  {resource}:\n    Metadata:\n{meta}    Type: "),
            1,
        )
    };
    let text = add(
        text,
        "InstanceRole",
        "      cdk_nag:\n        rules_to_suppress:\n          - { id: AwsSolutions-IAM5, reason: \"log group names are generated per deployment\" }\n",
    );
    let text = add(
        text,
        "LoadBalancer",
        "      checkov:\n        skip:\n          - { id: CKV2_AWS_33, comment: \"WAF is attached by the central firewall manager\" }\n",
    );
    let text = add(
        text,
        "AlarmTopic",
        "      cfn_nag:\n        rules_to_suppress:\n          - { id: W47, reason: \"alarm payloads carry no data\" }\n",
    );
    let text = add(
        text,
        "ArtifactsBucket",
        "      hardstack:\n        suppress:\n          - { id: S3-005, reason: \"access is granted by the build role only\" }\n",
    );
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    let FileOutcome::Scanned(r) = scan_source(Path::new("template.yaml"), &text, &opts) else {
        panic!("scan")
    };
    let origin = |rule: &str, res: &str| {
        let f = r
            .findings
            .iter()
            .find(|f| f.rule.id == rule && f.resource.as_deref() == Some(res))
            .expect("finding");
        f.suppressed
            .as_ref()
            .map(|s| (s.origin.clone(), s.reason.clone()))
    };
    assert_eq!(
        origin("IAM-002", "InstanceRole"),
        Some((
            "cdk_nag".into(),
            "log group names are generated per deployment".into()
        ))
    );
    assert_eq!(
        origin("WAF-001", "LoadBalancer").map(|o| o.0),
        Some("checkov".into())
    );
    assert_eq!(
        origin("S3-005", "ArtifactsBucket").map(|o| o.0),
        Some("hardstack".into())
    );
    assert_eq!(
        origin("SNS-001", "AlarmTopic").map(|o| o.0),
        Some("cfn_nag".into())
    );
    // A suppression names one check: the topic's other finding (TAG-002) stays open.
    assert_eq!(origin("TAG-002", "AlarmTopic"), None);
    let a = hardstack::assess::assess(std::slice::from_ref(&r));
    assert!(
        a.score.now > 7.1,
        "accepted findings cost nothing: {}",
        a.score.now
    );
}
