//! Wording and severity of findings where the rule fixtures (which only mark lines) cannot
//! tell: the message must say what the template does, not more.

use std::path::Path;

use hardstack::assess::FileReport;
use hardstack::rules::Severity;
use hardstack::{FileOutcome, Options, scan_source};

fn scan(text: &str) -> FileReport {
    match scan_source(Path::new("t.yaml"), text, &Options::default()) {
        FileOutcome::Scanned(r) => r,
        other => panic!("did not scan: {other:?}"),
    }
}

fn message<'a>(r: &'a FileReport, rule: &str, resource: &str) -> (&'a str, Severity) {
    let f = r
        .findings
        .iter()
        .find(|f| f.rule.id == rule && f.resource.as_deref() == Some(resource))
        .unwrap_or_else(|| panic!("no {rule} finding on {resource}"));
    (&f.message, f.severity)
}

#[test]
fn s3_002_is_low_and_says_what_the_template_does() {
    let r = scan(
        "Resources:
  Unpinned:
    Type: AWS::S3::Bucket
  Off:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false
        IgnorePublicAcls: true
",
    );
    let (msg, sev) = message(&r, "S3-002", "Unpinned");
    assert_eq!(sev, Severity::Low);
    assert!(msg.contains("does not pin Block Public Access"), "{msg}");
    assert!(!msg.contains("does not block public access"), "{msg}");
    let (msg, sev) = message(&r, "S3-002", "Off");
    assert_eq!(sev, Severity::Low);
    assert!(msg.contains("turns off BlockPublicPolicy"), "{msg}");
    assert!(msg.contains("leaves RestrictPublicBuckets out"), "{msg}");
}

#[test]
fn kms_001_risk_reads_right_for_every_resource_type() {
    let meta = &hardstack::rules::find("KMS-001").unwrap().meta;
    for text in [meta.risk, meta.impact] {
        // Not the wording of one service (S3 or SQS) for a rule that also covers log groups
        // and EBS volumes.
        for specific in ["s3:GetObject", "sqs:ReceiveMessage"] {
            assert!(!text.contains(specific), "{text}");
        }
    }
    assert!(meta.risk.contains("key policy"), "{}", meta.risk);
    assert!(meta.risk.contains("revoke"), "{}", meta.risk);
    assert!(meta.impact.contains("audit"), "{}", meta.impact);
    assert!(!meta.resource_types.contains(&"AWS::CloudTrail::Trail"));
}

#[test]
fn a_bucket_without_any_policy_is_reported_once_by_s3_003() {
    let r = scan(
        "Resources:
  Bare:
    Type: AWS::S3::Bucket
",
    );
    let (msg, _) = message(&r, "S3-003", "Bare");
    assert!(msg.contains("no bucket policy at all"), "{msg}");
    assert!(
        msg.contains("no TLS enforcement") && msg.contains("no resource-based access control"),
        "{msg}"
    );
    assert!(!r.findings.iter().any(|f| f.rule.id == "S3-005"));
}

#[test]
fn iam_003_suggests_the_few_agent_actions() {
    let r = scan(
        "Resources:
  Agent:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: ssm
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: ssmmessages:*, Resource: '*'}
",
    );
    let (msg, _) = message(&r, "IAM-003", "Agent");
    assert!(msg.contains("ssmmessages:CreateControlChannel"), "{msg}");
    assert!(!r.findings.iter().any(|f| f.rule.id == "IAM-002"));
}
