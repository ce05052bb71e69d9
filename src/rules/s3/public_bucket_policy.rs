//! S3-007: no bucket policy grants access to everyone.

use crate::rules::support::bucket_policy::{BucketStatement, statements};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-007",
        slug: "s3-public-bucket-policy",
        title: "S3 bucket policy grants access to everyone",
        strength: "S3 bucket policies grant nothing to anonymous principals",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::S3::BucketPolicy"],
        baseline: false,
        rationale: "An Allow to Principal \"*\" (or with NotPrincipal) without a condition on the caller's account, organization, VPC endpoint or IP applies to every anonymous request on the internet.",
        risk: "Anyone who learns the bucket name can read (s3:GetObject), list, or — with write actions — overwrite and delete its objects.",
        impact: "Data exposure or defacement, plus request and egress costs driven by strangers.",
        remediation: "Grant to named principals instead of \"*\", or add a condition that scopes the caller (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn); serve public content through CloudFront with origin access control.",
        fix: Fix {
            yaml: "- Effect: Allow\n  Principal:\n    Service: cloudfront.amazonaws.com\n  Action: s3:GetObject\n  Resource: !Sub \"${Bucket.Arn}/*\"\n  Condition:\n    StringEquals:\n      aws:SourceArn: !Sub \"arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}\"",
            json: "{\n  \"Effect\": \"Allow\",\n  \"Principal\": {\"Service\": \"cloudfront.amazonaws.com\"},\n  \"Action\": \"s3:GetObject\",\n  \"Resource\": {\"Fn::Sub\": \"${Bucket.Arn}/*\"},\n  \"Condition\": {\"StringEquals\": {\"aws:SourceArn\": {\"Fn::Sub\": \"arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}\"}}}\n}",
            cdk: "new cloudfront.Distribution(this, 'Site', {\n  defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(bucket) },\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html",
        ],
        aliases: &["F16", "F9"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let bucket = cx.graph.targets(cx.template, res.index, "Bucket", "AWS::S3::Bucket").first().map(|&b| cx.res(b).id().to_string());
    let on = bucket.map(|b| format!(" on bucket {b}")).unwrap_or_default();
    let mut clean = true;
    let mut any = false;
    for st in statements(cx, res) {
        any = true;
        match st.is_public_allow() {
            Some(true) => {
                clean &= !cx.eval.env.holds_by_default(&st.when);
                let actions: Vec<&str> = st.actions.iter().filter_map(|a| a.as_str()).collect();
                let actions = if actions.is_empty() { "access".to_string() } else { actions.join(", ") };
                let who = if st.uses_not_principal() { "everyone outside NotPrincipal" } else { "everyone (Principal \"*\")" };
                let at = At { resource: Some(res.index), span: st.principal_span, pointer: st.principal_pointer.clone(), when: st.when.clone() };
                out.fail(at, format!("bucket policy {} allows {actions} to {who}{on} with no condition restricting the caller", res.id()));
            }
            Some(false) => {}
            None => clean = false,
        }
    }
    if any && clean {
        out.pass(Some(res.index), format!("bucket policy {} grants nothing to anonymous principals", res.id()));
    }
}
