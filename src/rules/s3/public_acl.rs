//! S3-006: no bucket grants public access through its canned ACL.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-006",
        slug: "s3-public-acl",
        title: "S3 bucket with a public canned ACL",
        strength: "S3 buckets do not grant public access through ACLs",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "The canned ACLs PublicRead, PublicReadWrite and AuthenticatedRead grant the AllUsers or AuthenticatedUsers groups (anyone, or any AWS account) access to the bucket.",
        risk: "Anyone can list the bucket (PublicRead), or also upload and overwrite objects (PublicReadWrite); AuthenticatedRead means any AWS customer, not your account.",
        impact: "Public data exposure; with write access, malware hosting and storage costs charged to you.",
        remediation: "Remove AccessControl (or set Private), set OwnershipControls ObjectOwnership BucketOwnerEnforced to disable ACLs, and serve public content through CloudFront with origin access control.",
        fix: Fix {
            yaml: "OwnershipControls:\n  Rules:\n    - ObjectOwnership: BucketOwnerEnforced\nPublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  BlockPublicPolicy: true\n  IgnorePublicAcls: true\n  RestrictPublicBuckets: true",
            json: "\"OwnershipControls\": {\"Rules\": [{\"ObjectOwnership\": \"BucketOwnerEnforced\"}]},\n\"PublicAccessBlockConfiguration\": {\n  \"BlockPublicAcls\": true,\n  \"BlockPublicPolicy\": true,\n  \"IgnorePublicAcls\": true,\n  \"RestrictPublicBuckets\": true\n}",
            cdk: "new s3.Bucket(this, 'Bucket', {\n  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,\n  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
        ],
        aliases: &["CKV_AWS_20", "CKV_AWS_57", "W31", "F14", "AVD-AWS-0092"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "AccessControl") {
        match f.val.map(|v| v.as_str()) {
            None => out.pass(Some(res.index), format!("bucket {}: no canned ACL (private)", res.id())),
            Some(Some(acl @ ("PublicRead" | "PublicReadWrite" | "AuthenticatedRead"))) => {
                let who = if acl == "AuthenticatedRead" { "any AWS account" } else { "everyone" };
                let what = if acl == "PublicReadWrite" { "read and write" } else { "read" };
                out.fail(res.at_found(&f), format!("bucket {} uses AccessControl {acl}: {who} can {what} it", res.id()));
            }
            Some(Some(acl)) => out.pass(Some(res.index), format!("bucket {}: AccessControl {acl}", res.id())),
            Some(None) => {}
        }
    }
}
