//! WAF-001: internet-facing entry points without a web ACL.

use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

const ALB: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const CLOUDFRONT: &str = "AWS::CloudFront::Distribution";
const STAGE: &str = "AWS::ApiGateway::Stage";
const REST_API: &str = "AWS::ApiGateway::RestApi";
const APPSYNC: &str = "AWS::AppSync::GraphQLApi";

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "WAF-001",
        slug: "waf-web-acl",
        title: "Internet-facing endpoint without AWS WAF",
        strength: "Public entry points are protected by AWS WAF",
        service: "waf",
        category: Category::EdgeProtection,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[ALB, CLOUDFRONT, STAGE, REST_API, APPSYNC],
        baseline: false,
        rationale: "A web ACL in front of a public ALB, CloudFront distribution, API Gateway stage or AppSync API filters common exploits (SQL injection, XSS, known bad inputs), bots and floods before they reach the application.",
        risk: "Application-layer attacks reach the code directly; there is no place to apply managed rule groups, rate limiting or an emergency block rule when a vulnerability is disclosed.",
        impact: "Exploitation of application vulnerabilities, credential stuffing and layer-7 denial of service against a public endpoint.",
        remediation: "Create an AWS::WAFv2::WebACL (scope REGIONAL for ALB/API Gateway/AppSync, CLOUDFRONT in us-east-1 for distributions) with the AWS managed rule groups (Common, KnownBadInputs, IP reputation) and a rate-based rule, and associate it: AWS::WAFv2::WebACLAssociation, or DistributionConfig.WebACLId for CloudFront.",
        fix: Fix {
            yaml: "WebAclAssociation:\n  Type: AWS::WAFv2::WebACLAssociation\n  Properties:\n    ResourceArn: !Ref LoadBalancer\n    WebACLArn: !GetAtt WebAcl.Arn\n# CloudFront: DistributionConfig: { WebACLId: !GetAtt CloudFrontWebAcl.Arn }",
            json: "\"WebAclAssociation\": {\n  \"Type\": \"AWS::WAFv2::WebACLAssociation\",\n  \"Properties\": {\n    \"ResourceArn\": {\"Ref\": \"LoadBalancer\"},\n    \"WebACLArn\": {\"Fn::GetAtt\": [\"WebAcl\", \"Arn\"]}\n  }\n}",
            cdk: "new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {\n  resourceArn: alb.loadBalancerArn,\n  webAclArn: webAcl.attrArn,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-wafv2-webaclassociation.html",
            "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html",
        ],
        aliases: &["CKV_AWS_68", "CKV2_AWS_33", "AwsSolutions-CFR2", "AwsSolutions-APIG3", "AVD-AWS-0011"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    match res.resource.typ.as_str() {
        ALB => load_balancer(cx, res, out),
        CLOUDFRONT => distribution(cx, res, out),
        STAGE => stage(cx, res, out),
        REST_API => rest_api(cx, res, out),
        APPSYNC => associated(cx, res, out, "AppSync API", res.here()),
        _ => {}
    }
}

fn associated(cx: &Ctx, res: &Res, out: &mut Report, what: &str, at: At) {
    let assocs = cx.graph.web_acl_associations(cx.template, res.index);
    match assocs.first() {
        Some(&a) => out
            .pass(Some(res.index), format!("{what} {}: web ACL association {}", res.id(), cx.template.resources[a].id)),
        None => out.fail(at, format!("{what} {} has no AWS WAF web ACL association", res.id())),
    }
}

fn load_balancer(cx: &Ctx, res: &Res, out: &mut Report) {
    for t in res.at(cx, "Type") {
        // Network and gateway load balancers cannot take a web ACL.
        match t.val.map(|v| v.as_str()) {
            None | Some(Some("application")) => {}
            _ => continue,
        }
        for s in res.at(cx, "Scheme") {
            let Some(when) = cx.eval.env.and(&t.when, &s.when) else { continue };
            match s.val.map(|v| v.as_str()) {
                None | Some(Some("internet-facing")) => {}
                _ => continue,
            }
            let at = At { when: when.clone(), ..res.here() };
            associated(cx, res, out, "internet-facing load balancer", at);
        }
    }
}

fn distribution(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "DistributionConfig/WebACLId") {
        match f.val {
            None => out.fail(
                res.at_found(&f),
                format!("CloudFront distribution {} has no web ACL (DistributionConfig.WebACLId)", res.id()),
            ),
            Some(v) if v.as_str().is_some_and(|s| s.trim().is_empty()) => {
                out.fail(res.at_found(&f), format!("CloudFront distribution {} has an empty WebACLId", res.id()))
            }
            Some(v) => {
                let acl =
                    v.refs().first().map_or_else(|| v.text().unwrap_or("a web ACL").to_string(), |r| r.to_string());
                out.pass(Some(res.index), format!("CloudFront distribution {}: web ACL {acl}", res.id()));
            }
        }
    }
}

/// Private REST APIs are reachable only through VPC endpoints.
fn is_private(cx: &Ctx, api: &Res) -> Option<bool> {
    let mut private = false;
    for f in api.at(cx, "EndpointConfiguration/Types/*") {
        match f.val.map(|v| v.as_str()) {
            None => {}
            Some(Some(t)) => private |= t.eq_ignore_ascii_case("PRIVATE"),
            Some(None) => return None,
        }
    }
    Some(private)
}

fn stage(cx: &Ctx, res: &Res, out: &mut Report) {
    let apis = cx.graph.targets(cx.template, res.index, "RestApiId", REST_API);
    if apis.iter().any(|&a| is_private(cx, &cx.res(a)) != Some(false)) {
        return;
    }
    if !cx.graph.web_acl_associations(cx.template, res.index).is_empty() {
        return associated(cx, res, out, "API Gateway stage", res.here());
    }
    // An association on the API whose ARN names this stage (`.../stages/prod`).
    let names: Vec<String> =
        res.at(cx, "StageName").iter().filter_map(|f| f.val.and_then(|v| v.as_str()).map(str::to_string)).collect();
    for &api in &apis {
        for a in cx.graph.web_acl_associations(cx.template, api) {
            let arn = cx.res(a).at(cx, "ResourceArn");
            if arn.iter().any(|f| {
                f.val.and_then(|v| v.text()).is_some_and(|t| names.iter().any(|n| t.ends_with(&format!("/stages/{n}"))))
            }) {
                out.pass(
                    Some(res.index),
                    format!("API Gateway stage {}: web ACL association {}", res.id(), cx.template.resources[a].id),
                );
                return;
            }
        }
    }
    out.fail(res.here(), format!("API Gateway stage {} has no AWS WAF web ACL association", res.id()));
}

/// A REST API whose stages are not resources of their own (created by a Deployment's
/// StageName): the API is checked through associations that name it.
fn rest_api(cx: &Ctx, res: &Res, out: &mut Report) {
    if is_private(cx, res) != Some(false) || !cx.graph.referrers(cx.template, res.index, STAGE, "RestApiId").is_empty()
    {
        return;
    }
    let deployed = !cx.graph.referrers(cx.template, res.index, "AWS::ApiGateway::Deployment", "RestApiId").is_empty();
    if deployed {
        associated(cx, res, out, "REST API", res.here());
    }
}
