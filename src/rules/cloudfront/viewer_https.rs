//! CF-001: CloudFront cache behaviors that serve viewers over plain HTTP.

use crate::eval::{Found, Val};
use crate::rules::support::path::within;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "CF-001",
        slug: "cloudfront-viewer-https",
        title: "CloudFront distribution serves viewers over plain HTTP",
        strength: "CloudFront distributions serve viewers over HTTPS only",
        service: "cloudfront",
        category: Category::EdgeProtection,
        severity: Severity::Medium,
        tier: Tier::High,
        resource_types: &["AWS::CloudFront::Distribution"],
        baseline: false,
        rationale: "ViewerProtocolPolicy decides whether a cache behavior answers plain HTTP. With allow-all (the value CloudFront assumes when it is not set) pages, cookies and tokens travel unencrypted between the viewer and the edge; redirect-to-https or https-only keep them on TLS.",
        risk: "Anyone on the viewer's network path can read or alter responses and steal session cookies or bearer tokens sent over HTTP (and strip the upgrade to HTTPS).",
        impact: "Session hijacking, injected content and exposure of user data served through the distribution; failure of encryption-in-transit requirements (PCI DSS 4.1).",
        remediation: "Set ViewerProtocolPolicy: redirect-to-https (or https-only for APIs) on DefaultCacheBehavior and on every item of CacheBehaviors.",
        fix: Fix {
            yaml: "DistributionConfig:\n  DefaultCacheBehavior:\n    ViewerProtocolPolicy: redirect-to-https\n  CacheBehaviors:\n    - PathPattern: /api/*\n      ViewerProtocolPolicy: https-only",
            json: "\"DistributionConfig\": {\n  \"DefaultCacheBehavior\": {\"ViewerProtocolPolicy\": \"redirect-to-https\"},\n  \"CacheBehaviors\": [{\"PathPattern\": \"/api/*\", \"ViewerProtocolPolicy\": \"https-only\"}]\n}",
            cdk: "new cloudfront.Distribution(this, 'Cdn', {\n  defaultBehavior: { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },\n});",
        },
        references: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"],
        aliases: &["CKV_AWS_34", "AVD-AWS-0012"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = format!("distribution {}", res.id());
    for f in res.at(cx, "DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy") {
        judge(res, out, &who, "the default cache behavior", &f);
    }
    for item in res.at(cx, "DistributionConfig/CacheBehaviors/*") {
        // No CacheBehaviors (absent or empty): nothing to judge.
        let Some(v) = item.val else { continue };
        let name = match v.get("PathPattern").and_then(Val::as_str) {
            Some(p) => format!("the cache behavior for {p}"),
            None => "a cache behavior".to_string(),
        };
        for f in within(cx, &item, "ViewerProtocolPolicy") {
            judge(res, out, &who, &name, &f);
        }
    }
}

fn judge(res: &Res, out: &mut Report, who: &str, behavior: &str, f: &Found) {
    match f.val.map(Val::as_str) {
        Some(Some("redirect-to-https" | "https-only")) => {
            out.pass(Some(res.index), format!("{who}: {behavior} serves viewers over HTTPS only"))
        }
        Some(Some("allow-all")) => out.fail(res.at_found(f), format!("{who}: {behavior} has ViewerProtocolPolicy: allow-all and answers plain HTTP")),
        None => out.fail(res.at_found(f), format!("{who}: {behavior} does not set ViewerProtocolPolicy, so it allows plain HTTP (allow-all)")),
        // Not known statically (or a value CloudFront rejects): never guess.
        Some(_) => {}
    }
}
