//! EC2-002: instances must require IMDSv2 session tokens.

use crate::eval::Found;
use crate::rules::support::launch_template::{self, LAUNCH_TEMPLATE, Link};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

const INSTANCE: &str = "AWS::EC2::Instance";
const LAUNCH_CONFIGURATION: &str = "AWS::AutoScaling::LaunchConfiguration";

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "EC2-002",
        slug: "ec2-imdsv2",
        title: "EC2 instance metadata service allows IMDSv1",
        strength: "EC2 instances require IMDSv2",
        service: "ec2",
        category: Category::InstanceHardening,
        severity: Severity::Medium,
        tier: Tier::High,
        resource_types: &[LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, INSTANCE],
        baseline: false,
        rationale: "IMDSv1 answers any HTTP GET from the instance, so a server-side request forgery or an open proxy in the application hands out the instance role's temporary credentials; IMDSv2 requires a PUT-issued session token that such requests cannot obtain.",
        risk: "An SSRF bug in any application on the instance leaks the role credentials (the Capital One breach pattern); with a hop limit above 1, containers can reach them too.",
        impact: "Attackers act with the instance role's permissions from anywhere: data exfiltration from S3, DynamoDB, Secrets Manager.",
        remediation: "Set MetadataOptions.HttpTokens: required (and HttpPutResponseHopLimit: 1 unless containers need metadata) in the launch template or launch configuration, and launch instances from that template.",
        fix: Fix {
            yaml: "LaunchTemplateData:\n  MetadataOptions:\n    HttpTokens: required\n    HttpEndpoint: enabled\n    HttpPutResponseHopLimit: 1",
            json: "\"LaunchTemplateData\": {\n  \"MetadataOptions\": {\"HttpTokens\": \"required\", \"HttpEndpoint\": \"enabled\", \"HttpPutResponseHopLimit\": 1}\n}",
            cdk: "new ec2.LaunchTemplate(this, 'Template', {\n  requireImdsv2: true,\n  httpPutResponseHopLimit: 1,\n});\n// or new ec2.Instance(this, 'Instance', { requireImdsv2: true, ... })",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-launchtemplate-metadataoptions.html",
        ],
        aliases: &["CKV_AWS_79", "AVD-AWS-0130", "AVD-AWS-0028"],
    },
    check: Check::Resource(check),
};

/// What one scenario of a resource's metadata options says.
enum State<'a> {
    Required(Found<'a>),
    Disabled(Found<'a>),
    /// HttpTokens optional (named) or absent (None).
    Optional(Found<'a>, Option<String>),
}

/// Every known outcome of `base/HttpTokens` with `base/HttpEndpoint` (unknown ones dropped).
fn states<'a>(cx: &Ctx, res: &Res<'a>, base: &str) -> Vec<State<'a>> {
    let mut out = Vec::new();
    for tokens in res.at(cx, &format!("{base}/HttpTokens")) {
        for endpoint in res.at(cx, &format!("{base}/HttpEndpoint")) {
            let Some(when) = cx.eval.env.and(&tokens.when, &endpoint.when) else { continue };
            let disabled = match endpoint.val.map(|v| v.as_str()) {
                None => false,
                Some(Some(e)) => e.eq_ignore_ascii_case("disabled"),
                Some(None) => continue,
            };
            let t = Found { when: when.clone(), ..tokens.clone() };
            match tokens.val.map(|v| v.as_str()) {
                _ if disabled => out.push(State::Disabled(Found { when, ..endpoint.clone() })),
                Some(Some(s)) if s.eq_ignore_ascii_case("required") => out.push(State::Required(t)),
                Some(Some(s)) => out.push(State::Optional(t, Some(s.to_string()))),
                None => out.push(State::Optional(t, None)),
                Some(None) => {}
            }
        }
    }
    out
}

fn judge(res: &Res, what: &str, states: Vec<State>, out: &mut Report) {
    for s in states {
        match s {
            State::Required(_) => out.pass(Some(res.index), format!("{what} {}: HttpTokens required", res.id())),
            State::Disabled(_) => out.pass(Some(res.index), format!("{what} {}: metadata endpoint disabled", res.id())),
            State::Optional(f, Some(v)) => {
                out.fail(res.at_found(&f), format!("{what} {} sets HttpTokens `{v}`: IMDSv1 stays available", res.id()))
            }
            State::Optional(f, None) => out.fail(
                res.at_found(&f),
                format!(
                    "{what} {} does not set MetadataOptions.HttpTokens: required, so IMDSv1 stays available",
                    res.id()
                ),
            ),
        }
    }
}

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    match res.resource.typ.as_str() {
        LAUNCH_TEMPLATE => judge(res, "launch template", states(cx, res, "LaunchTemplateData/MetadataOptions"), out),
        LAUNCH_CONFIGURATION => judge(res, "launch configuration", states(cx, res, "MetadataOptions"), out),
        INSTANCE => instance(cx, res, out),
        _ => {}
    }
}

fn instance(cx: &Ctx, res: &Res, out: &mut Report) {
    // Metadata options set on the instance itself win.
    if res.at(cx, "MetadataOptions").iter().any(|f| f.val.is_some()) {
        return judge(res, "instance", states(cx, res, "MetadataOptions"), out);
    }
    for (lt, link) in launch_template::links(cx, res, "LaunchTemplate") {
        match link {
            Link::Absent => out.fail(
                At { when: lt.when.clone(), ..res.here() },
                format!("instance {} has no launch template with MetadataOptions.HttpTokens: required, so IMDSv1 stays available", res.id()),
            ),
            Link::Unresolved => {}
            Link::Template(t) => {
                let template = cx.res(t);
                let name = template.id();
                for s in states(cx, &template, "LaunchTemplateData/MetadataOptions") {
                    let (State::Required(f) | State::Disabled(f) | State::Optional(f, _)) = &s;
                    let Some(when) = cx.eval.env.and(&lt.when, &f.when) else { continue };
                    let at = At { when, ..res.at_found(&lt) };
                    match s {
                        State::Required(_) => out.pass(Some(res.index), format!("instance {}: HttpTokens required through launch template {name}", res.id())),
                        State::Disabled(_) => out.pass(Some(res.index), format!("instance {}: metadata endpoint disabled through launch template {name}", res.id())),
                        State::Optional(_, v) => out.fail(
                            at,
                            format!(
                                "instance {} launches from launch template {name}, which {}",
                                res.id(),
                                v.map_or("does not require IMDSv2".to_string(), |v| format!("sets HttpTokens `{v}`"))
                            ),
                        ),
                    }
                }
            }
        }
    }
}
