//! The shipped example is the stack of the sample review (`shared/seed/`): hardstack must
//! find the review's ten strengths and twelve weaknesses, with its priority tiers and its
//! score estimate (about 7 now, 9 after the high tier, 10 after all), from the
//! CloudFormation YAML and from the CDK app's synthesized assembly alike.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hardstack::assess::{Assessment, assess, counts};
use hardstack::rules::Tier;
use hardstack::{Options, ScanResult, scan};

fn example(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(rel)
}

/// The sample's twelve weaknesses, as our rule ids, in the sample's priority tiers.
const WEAKNESSES: &[(&str, Tier, &str)] = &[
    (
        "IAM-002",
        Tier::High,
        "1. IAM role permissions too broad (logs:*)",
    ),
    (
        "S3-005",
        Tier::Medium,
        "2. missing resource-based (bucket) policy",
    ),
    ("SG-002", Tier::High, "3. SSH allowed from the VPC"),
    ("WAF-001", Tier::High, "4. no WAF"),
    ("SEC-004", Tier::Medium, "5. no central secrets management"),
    ("VPC-003", Tier::Low, "6. default network ACLs"),
    ("GD-001", Tier::Medium, "7. no GuardDuty"),
    ("CFG-001", Tier::Low, "8. no AWS Config rules"),
    (
        "KMS-001",
        Tier::Medium,
        "9. AWS-managed rather than customer-managed keys",
    ),
    ("SNS-001", Tier::Low, "10. SNS topic not encrypted"),
    ("CT-001", Tier::High, "11. no CloudTrail"),
    (
        "TAG-002",
        Tier::Medium,
        "12. Environment tag missing on some resources",
    ),
];

/// The sample's ten strengths, each as the rule(s) whose passes show it.
const STRENGTHS: &[(&str, &[&str])] = &[
    (
        "1. EC2 uses IAM roles, no static credentials",
        &["EC2-001", "IAM-001"],
    ),
    (
        "2. network segmentation, instances in private subnets",
        &["EC2-004"],
    ),
    ("3. S3 and EBS encryption", &["S3-001", "EC2-003"]),
    ("4. VPC endpoints", &["VPC-001"]),
    ("5. restrictive security groups", &["SG-004", "SG-001"]),
    ("6. IMDSv2 required", &["EC2-002"]),
    ("7. VPC flow logs", &["VPC-002"]),
    (
        "8. CloudWatch logging and alerting",
        &["CW-001", "LOGS-001"],
    ),
    (
        "9. S3 public access blocked, TLS enforced, versioning",
        &["S3-002", "S3-003", "S3-004"],
    ),
    ("10. consistent tagging", &["TAG-003"]),
];

fn check(result: &ScanResult) -> Assessment {
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.reports.len(), 1);
    let a = assess(&result.reports);
    let failing: BTreeSet<&str> = result.reports[0]
        .findings
        .iter()
        .filter(|f| counts(f))
        .map(|f| f.rule.id)
        .collect();
    let expected: BTreeSet<&str> = WEAKNESSES.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(failing, expected, "exactly the sample's twelve weaknesses");
    for (id, tier, what) in WEAKNESSES {
        let in_tier = a
            .plan
            .iter()
            .find(|(t, _)| t == tier)
            .is_some_and(|(_, items)| items.iter().any(|i| i.rule.id == *id));
        assert!(in_tier, "{what} ({id}) belongs in the {tier:?} tier");
    }
    let strong: BTreeSet<&str> = a
        .strengths
        .iter()
        .flat_map(|(_, s)| s.iter().map(|s| s.rule.id))
        .collect();
    for (what, ids) in STRENGTHS {
        for id in *ids {
            assert!(
                strong.contains(id),
                "strength {what}: {id} should pass; strengths: {strong:?}"
            );
        }
    }
    // The IAM finding names the account-wide ARN the sample quotes.
    let iam = result.reports[0]
        .findings
        .iter()
        .find(|f| f.rule.id == "IAM-002")
        .unwrap();
    assert!(
        iam.message.contains("arn:aws:logs:us-west-2:"),
        "{}",
        iam.message
    );
    let s = a.score;
    assert!((6.7..=7.3).contains(&s.now), "now {}", s.now);
    assert!(
        (8.7..=9.3).contains(&s.after_high),
        "after high {}",
        s.after_high
    );
    assert_eq!(s.after_all, 10.0);
    a
}

#[test]
fn cloudformation_example_gives_the_sample_review() {
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    check(&scan(&[example("production-webapp/template.yaml")], &opts));
}

#[test]
fn cdk_example_gives_the_same_review_with_construct_paths() {
    // No --region: it comes from the manifest's environment.
    let result = scan(
        &[example("production-webapp-cdk/cdk.out")],
        &Options::default(),
    );
    let cdk = check(&result);
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    let yaml = check(&scan(&[example("production-webapp/template.yaml")], &opts));
    assert_eq!(cdk.score, yaml.score);
    for f in result.reports[0]
        .findings
        .iter()
        .filter(|f| f.resource.is_some())
    {
        assert!(
            f.cdk_path
                .as_deref()
                .is_some_and(|p| p.starts_with("WebAppStack/")),
            "{:?}",
            f.resource
        );
    }
}

/// The whole review of the example, as a reviewer reads it: any change to wording, order,
/// snippets or score shows up here. Paths are relative so the snapshot is stable.
#[test]
fn example_review_snapshots() {
    use hardstack::render::{self, Report};
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    let result = scan(
        &[PathBuf::from("examples/production-webapp/template.yaml")],
        &opts,
    );
    let mut report = Report::new(&result, "examples/production-webapp/template.yaml");
    report.version = "0.0.0-test";
    insta::assert_snapshot!("example_markdown", render::markdown::render(&report));
    insta::assert_snapshot!("example_json", render::json::render(&report));
}

/// Fingerprints survive line moves and change with the offending value.
#[test]
fn fingerprints_survive_unrelated_edits() {
    let path = Path::new("examples/production-webapp/template.yaml");
    let text = std::fs::read_to_string(example("production-webapp/template.yaml")).unwrap();
    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    let prints = |t: &str| -> BTreeSet<String> {
        match hardstack::scan_source(path, t, &opts) {
            hardstack::FileOutcome::Scanned(r) => r
                .findings
                .iter()
                .map(|f| f.fingerprint(Path::new("")))
                .collect(),
            other => panic!("{other:?}"),
        }
    };
    let before = prints(&text);
    let moved = text.replace(
        "Resources:\n",
        "Resources:\n  # a comment that moves every line below\n\n",
    );
    assert_eq!(prints(&moved), before);
    let changed = text.replace(
        "CidrIp: 10.0.0.0/16, Description: SSH",
        "CidrIp: 10.0.0.0/8, Description: SSH",
    );
    let after = prints(&changed);
    assert_eq!(
        after.difference(&before).count(),
        1,
        "changing one property gives exactly one new fingerprint"
    );
}

/// A CDK user gets the construct-level fix; a template user the template's own format.
#[test]
fn improvements_speak_the_input_format() {
    use hardstack::render::{self, Report};
    let cdk = scan(
        &[example("production-webapp-cdk/cdk.out")],
        &Options::default(),
    );
    let md = render::markdown::render(&Report::new(&cdk, "cdk.out"));
    let waf = md
        .split("## 3. **Internet-facing endpoint without AWS WAF**")
        .nth(1)
        .unwrap();
    let improvement = waf
        .split("**Improvement**")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        improvement.contains("```typescript") && improvement.contains("CfnWebACLAssociation"),
        "{improvement}"
    );
    assert!(!improvement.contains("```json"), "{improvement}");
    assert!(md.contains("construct `WebAppStack/LoadBalancer`"));

    let opts = Options {
        region: Some("us-west-2".into()),
        ..Options::default()
    };
    let yaml = scan(&[example("production-webapp/template.yaml")], &opts);
    let md = render::markdown::render(&Report::new(&yaml, "template.yaml"));
    let waf = md
        .split("**Internet-facing endpoint without AWS WAF**")
        .nth(1)
        .unwrap();
    assert!(
        waf.split("\n## ")
            .next()
            .unwrap()
            .contains("```yaml\nWebAclAssociation:")
    );
}

/// The text report can group a CDK app's findings by construct.
#[test]
fn text_groups_findings_by_construct() {
    use hardstack::render::{self, Report, text::TextOptions};
    let cdk = scan(
        &[example("production-webapp-cdk/cdk.out")],
        &Options::default(),
    );
    let opts = TextOptions {
        by_construct: true,
        ..TextOptions::default()
    };
    let out = render::text::render(&Report::new(&cdk, "cdk.out"), opts);
    let lines: Vec<&str> = out.lines().collect();
    let bucket = lines
        .iter()
        .position(|l| *l == "WebAppStack/ArtifactsBucket")
        .expect("a heading per construct");
    // The bucket's findings follow its heading, before the next heading.
    let next = lines[bucket + 1..]
        .iter()
        .position(|l| !l.starts_with("examples/") && !l.starts_with("  "))
        .unwrap();
    let group = &lines[bucket + 1..bucket + 1 + next];
    assert!(group.iter().any(|l| l.contains("S3-005")), "{group:?}");
    assert!(
        group
            .iter()
            .filter(|l| l.starts_with("examples/"))
            .all(|l| l.contains("ArtifactsBucket")),
        "{group:?}"
    );
    assert!(lines.contains(&"(stack)"));
}

/// The CDK app meets the sample's requirements exactly as the YAML stack does.
#[test]
fn cdk_example_gives_the_same_compliance_picture() {
    use hardstack::assess::requirements::Status;
    use hardstack::config::load_requirements;
    let reqs = load_requirements(&example("production-webapp/hardstack.toml")).unwrap();
    let picture = |paths: &[PathBuf], opts: Options| -> Vec<(Status, String)> {
        let opts = opts.with_requirements(reqs.clone());
        let result = scan(paths, &opts);
        hardstack::check_requirements(&result, &opts)
            .into_iter()
            .map(|r| (r.status, r.title))
            .collect()
    };
    let yaml = picture(
        &[example("production-webapp/template.yaml")],
        Options {
            region: Some("us-west-2".into()),
            ..Options::default()
        },
    );
    let cdk = picture(
        &[example("production-webapp-cdk/cdk.out")],
        Options::default(),
    );
    assert_eq!(cdk, yaml);
    assert_eq!(cdk.iter().filter(|(s, _)| *s == Status::Met).count(), 8);
    assert_eq!(
        cdk.iter().filter(|(s, _)| *s == Status::PartlyMet).count(),
        2
    );
}
