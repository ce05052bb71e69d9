//! SEC-003: credentials written into UserData or environment variables.

use crate::eval::{Val, ValKind, When};
use crate::rules::support::secrets::{is_literal_secret, looks_secret_name, node_at_span, scan_text};
use crate::rules::support::{describe, sam};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SEC-003",
        slug: "secrets-secret-in-code",
        title: "Credentials embedded in UserData or environment variables",
        strength: "No credentials in UserData or environment variables",
        service: "secrets",
        category: Category::SecretsManagement,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[
            "AWS::EC2::Instance",
            "AWS::EC2::LaunchTemplate",
            "AWS::AutoScaling::LaunchConfiguration",
            "AWS::Lambda::Function",
            "AWS::Serverless::Function",
            "AWS::ECS::TaskDefinition",
        ],
        baseline: false,
        rationale: "UserData and environment variables are configuration, not secret storage: they are readable by anyone with ec2:DescribeInstanceAttribute, lambda:GetFunctionConfiguration or ecs:DescribeTaskDefinition, from the instance metadata service, and they live on in the template, stack history and launch template versions.",
        risk: "Access keys, private keys and passwords in these places are exposed to every reader of the template and of the resource's configuration, and are never rotated.",
        impact: "Credential theft without any exploit: read access to the account's configuration is enough.",
        remediation: "Give the instance or function an IAM role instead of access keys. Put passwords and tokens in Secrets Manager or SSM SecureString and read them at runtime (aws secretsmanager get-secret-value, the Parameters and Secrets Lambda extension, ECS `Secrets` with valueFrom).",
        fix: Fix {
            yaml: "UserData:\n  Fn::Base64: |\n    #!/bin/bash\n    DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id app/db \\\n      --query SecretString --output text)\n# ECS:\nSecrets:\n  - Name: DB_PASSWORD\n    ValueFrom: !Ref DbSecret",
            json: "\"Secrets\": [{\"Name\": \"DB_PASSWORD\", \"ValueFrom\": {\"Ref\": \"DbSecret\"}}]",
            cdk: "taskDef.addContainer('app', {\n  image,\n  secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret) },\n});\ndbSecret.grantRead(fn); // read at runtime, not via environment",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html",
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
        ],
        aliases: &["CKV_AWS_46", "CKV_AWS_45", "AVD-AWS-0029", "AVD-AWS-0129", "AVD-AWS-0036"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    match res.resource.typ.as_str() {
        "AWS::EC2::Instance" | "AWS::AutoScaling::LaunchConfiguration" => user_data(cx, res, out, "UserData"),
        "AWS::EC2::LaunchTemplate" => user_data(cx, res, out, "LaunchTemplateData/UserData"),
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => sam::with_globals(cx, res, |r| variables(cx, r, out)),
        "AWS::ECS::TaskDefinition" => ecs(cx, res, out),
        _ => {}
    }
}

fn user_data(cx: &Ctx, res: &Res, out: &mut Report, path: &str) {
    let who = describe(&res.resource.typ, res.id());
    let mut clean = false;
    let mut failed = false;
    for f in res.at(cx, path) {
        let Some(v) = f.val else { continue };
        if v.is_unknown() {
            continue;
        }
        let text = v.render_text();
        let hits = scan_text(&text);
        if hits.is_empty() {
            clean = true;
            continue;
        }
        let list: Vec<String> = hits.iter().map(|h| format!("{} ({}) on line {}", h.kind, h.excerpt, h.line)).collect();
        out.fail(res.at_found(&f), format!("{who}: UserData contains {}", list.join("; ")));
        failed = true;
    }
    if clean && !failed {
        out.pass(Some(res.index), format!("{who}: UserData holds no credentials"));
    }
}

/// The value came from a parameter (`Ref` or `${Param}`): SEC-001/SEC-002 judge those.
fn from_parameter(cx: &Ctx, v: &Val) -> bool {
    let Some(node) = node_at_span(&cx.template.root, v.span) else { return false };
    match node.intrinsic() {
        Some(("Ref", arg)) => arg.as_name().is_some_and(|n| cx.template.parameter(n).is_some()),
        _ => false,
    }
}

/// Findings for one environment value: a secret-looking name with a literal value, or
/// credentials inside the value.
fn judge_value(cx: &Ctx, name: &str, v: &Val) -> Option<String> {
    if from_parameter(cx, v) {
        return None;
    }
    let literal = match &v.kind {
        ValKind::Str(s) | ValKind::Num(s) => Some(s.as_str()),
        _ => None,
    };
    if literal.is_some_and(|s| looks_secret_name(name) && is_literal_secret(s.trim())) {
        return Some(format!("environment variable {name} holds a literal secret"));
    }
    let text = v.render_text();
    let hits = scan_text(&text);
    if hits.is_empty() {
        return None;
    }
    let list: Vec<String> = hits.iter().map(|h| format!("{} ({})", h.kind, h.excerpt)).collect();
    Some(format!("environment variable {name} contains {}", list.join(", ")))
}

fn variables(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    let mut judged = false;
    let mut failed = false;
    for f in res.at(cx, "Environment/Variables") {
        let Some(vars) = f.val else { continue };
        for (name, v) in vars.entries() {
            for (w, b) in v.branches() {
                let Some(when) = cx.eval.env.and(&f.when, &w) else { continue };
                judged = true;
                if let Some(msg) = judge_value(cx, name, b) {
                    out.fail(at(res, &when, b, &format!("{}/{name}", f.pointer)), format!("{who}: {msg}"));
                    failed = true;
                }
            }
        }
    }
    if judged && !failed {
        out.pass(Some(res.index), format!("{who}: environment variables hold no credentials"));
    }
}

fn ecs(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    let mut judged = false;
    let mut failed = false;
    for f in res.at(cx, "ContainerDefinitions/*/Environment/*") {
        let Some(entry) = f.val else { continue };
        for n in entry.at("Name") {
            let Some(name) = n.val.and_then(Val::as_str) else { continue };
            for value in entry.at("Value") {
                let Some(v) = value.val else { continue };
                let Some(when) = cx.eval.env.and(&f.when, &n.when).and_then(|w| cx.eval.env.and(&w, &value.when)) else { continue };
                judged = true;
                if let Some(msg) = judge_value(cx, name, v) {
                    out.fail(at(res, &when, v, &format!("{}{}", f.pointer, value.pointer)), format!("{who}: {msg}"));
                    failed = true;
                }
            }
        }
    }
    if judged && !failed {
        out.pass(Some(res.index), format!("{who}: container environment holds no credentials"));
    }
}

fn at(res: &Res, when: &When, v: &Val, pointer: &str) -> At {
    At { resource: Some(res.index), span: v.span, pointer: pointer.to_string(), when: when.clone() }
}
