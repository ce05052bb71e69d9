//! S3-003: every bucket's policy refuses requests that do not use TLS.

use crate::eval::When;
use crate::rules::support::bucket_policy::{BucketStatement, policies_for, statements};
use crate::rules::support::scenarios::{covered_by_default, uncovered};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-003",
        slug: "s3-tls-only",
        title: "S3 bucket accepts requests over plain HTTP",
        strength: "S3 bucket policies deny requests that do not use TLS",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "S3 serves HTTP as well as HTTPS; only a bucket policy that denies aws:SecureTransport false guarantees every client (old SDKs, scripts, misconfigured proxies) uses TLS.",
        risk: "Objects and pre-signed requests can travel unencrypted, exposed to interception or tampering on the network path.",
        impact: "Data in transit can be read or altered; compliance frameworks (PCI DSS, HIPAA) require encryption in transit.",
        remediation: "Add a bucket policy statement that denies s3:* on the bucket and its objects to Principal \"*\" when aws:SecureTransport is false.",
        fix: Fix {
            yaml: "BucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Bucket\n    PolicyDocument:\n      Version: \"2012-10-17\"\n      Statement:\n        - Sid: DenyInsecureTransport\n          Effect: Deny\n          Principal: \"*\"\n          Action: s3:*\n          Resource:\n            - !GetAtt Bucket.Arn\n            - !Sub \"${Bucket.Arn}/*\"\n          Condition:\n            Bool:\n              aws:SecureTransport: false",
            json: "\"BucketPolicy\": {\n  \"Type\": \"AWS::S3::BucketPolicy\",\n  \"Properties\": {\n    \"Bucket\": {\"Ref\": \"Bucket\"},\n    \"PolicyDocument\": {\n      \"Version\": \"2012-10-17\",\n      \"Statement\": [{\n        \"Sid\": \"DenyInsecureTransport\",\n        \"Effect\": \"Deny\",\n        \"Principal\": \"*\",\n        \"Action\": \"s3:*\",\n        \"Resource\": [{\"Fn::GetAtt\": [\"Bucket\", \"Arn\"]}, {\"Fn::Sub\": \"${Bucket.Arn}/*\"}],\n        \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}\n      }]\n    }\n  }\n}",
            cdk: "new s3.Bucket(this, 'Bucket', {\n  enforceSSL: true,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
            "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
        ],
        aliases: &["AwsSolutions-S10"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let env = &cx.eval.env;
    let policies = policies_for(cx, res);
    let (mut deny, mut unsure) = (Vec::<When>::new(), Vec::<When>::new());
    let mut by = Vec::new();
    for p in &policies {
        let policy = cx.res(*p);
        for st in statements(cx, &policy) {
            match st.denies_insecure_transport() {
                Some(true) => {
                    deny.push(st.when);
                    by.push(policy.id());
                }
                Some(false) => {}
                None => unsure.push(st.when),
            }
        }
    }
    // Where the bucket has no policy at all, this rule reports it once for both gaps (no TLS
    // enforcement, no resource-based access control); S3-005 stays quiet there.
    let present: Vec<When> = policies.iter().map(|p| cx.res(*p).when.clone()).collect();
    let absent = uncovered(env, res.when, &present);
    for when in absent.iter().cloned() {
        let msg = format!(
            "bucket {} has no bucket policy at all: no TLS enforcement (aws:SecureTransport false) and no resource-based access control",
            res.id()
        );
        out.fail(At { when, ..res.here() }, msg);
    }
    let all: Vec<When> = deny.iter().chain(&unsure).chain(&absent).cloned().collect();
    for when in uncovered(env, res.when, &all) {
        let msg = format!("bucket {}: no bucket policy statement denies requests without TLS (aws:SecureTransport false)", res.id());
        out.fail(At { when, ..res.here() }, msg);
    }
    if covered_by_default(env, res.when, &deny) {
        by.dedup();
        out.pass(Some(res.index), format!("bucket {}: {} denies requests without TLS", res.id(), by.join(", ")));
    }
}
