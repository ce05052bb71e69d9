//! S3-001: every bucket states its default encryption.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-001",
        slug: "s3-bucket-encryption",
        title: "S3 bucket without default encryption",
        strength: "S3 buckets encrypt objects at rest by default",
        service: "s3",
        category: Category::Encryption,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "Default encryption makes every object written to the bucket encrypted at rest without relying on each writer to ask for it.",
        risk: "Without an explicit setting the bucket falls back to S3's account default (SSE-S3 since 2023); the template does not show or control how data at rest is protected.",
        impact: "Auditors cannot see the encryption policy in code; data at rest is not under a key you control.",
        remediation: "Set BucketEncryption with SSE-KMS (a customer-managed key) or at least SSE-S3 (AES256).",
        fix: Fix {
            yaml: "BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n        KMSMasterKeyID: !Ref DataKey\n      BucketKeyEnabled: true",
            json: "\"BucketEncryption\": {\n  \"ServerSideEncryptionConfiguration\": [{\n    \"ServerSideEncryptionByDefault\": {\"SSEAlgorithm\": \"aws:kms\", \"KMSMasterKeyID\": {\"Ref\": \"DataKey\"}},\n    \"BucketKeyEnabled\": true\n  }]\n}",
            cdk: "new s3.Bucket(this, 'Bucket', {\n  encryption: s3.BucketEncryption.KMS,\n  encryptionKey: dataKey,\n  bucketKeyEnabled: true,\n});",
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html"],
        aliases: &["CKV_AWS_19", "W41", "AVD-AWS-0088"],
    },
    check: Check::Resource(check),
};

const ALGORITHMS: &[&str] = &["aws:kms", "AES256", "aws:kms:dsse"];

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "BucketEncryption/ServerSideEncryptionConfiguration/*/ServerSideEncryptionByDefault/SSEAlgorithm") {
        match f.val.map(|v| v.as_str()) {
            None => out.fail(res.at_found(&f), format!("bucket {} does not set default encryption (BucketEncryption)", res.id())),
            Some(Some(alg)) if ALGORITHMS.contains(&alg) => out.pass(Some(res.index), format!("bucket {}: {alg}", res.id())),
            Some(Some(other)) => out.fail(res.at_found(&f), format!("bucket {} uses SSEAlgorithm `{other}`, which S3 does not accept", res.id())),
            // Not known statically (a parameter without default, an import): never guess.
            Some(None) => {}
        }
    }
}
