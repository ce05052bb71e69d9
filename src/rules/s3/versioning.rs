//! S3-004: buckets keep object versions.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-004",
        slug: "s3-versioning",
        title: "S3 bucket without versioning",
        strength: "S3 buckets keep object versions for recovery",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "Versioning keeps every overwritten or deleted object recoverable; it is also required for replication and Object Lock.",
        risk: "An overwrite, an accidental delete or ransomware that rewrites objects destroys the only copy.",
        impact: "Data loss with no point-in-time recovery short of external backups.",
        remediation: "Set VersioningConfiguration Status: Enabled, with a lifecycle rule expiring noncurrent versions to bound cost.",
        fix: Fix {
            yaml: "VersioningConfiguration:\n  Status: Enabled\nLifecycleConfiguration:\n  Rules:\n    - Id: expire-noncurrent\n      Status: Enabled\n      NoncurrentVersionExpiration:\n        NoncurrentDays: 90",
            json: "\"VersioningConfiguration\": {\"Status\": \"Enabled\"},\n\"LifecycleConfiguration\": {\n  \"Rules\": [{\"Id\": \"expire-noncurrent\", \"Status\": \"Enabled\", \"NoncurrentVersionExpiration\": {\"NoncurrentDays\": 90}}]\n}",
            cdk: "new s3.Bucket(this, 'Bucket', {\n  versioned: true,\n  lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],\n});",
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        aliases: &["CKV_AWS_21", "AVD-AWS-0090"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "VersioningConfiguration/Status") {
        match f.val.map(|v| v.as_str()) {
            None => out.fail(res.at_found(&f), format!("bucket {} does not enable versioning (no VersioningConfiguration)", res.id())),
            Some(Some("Enabled")) => out.pass(Some(res.index), format!("bucket {}: versioning enabled", res.id())),
            Some(Some(other)) => out.fail(res.at_found(&f), format!("bucket {} has versioning {other}", res.id())),
            Some(None) => {}
        }
    }
}
