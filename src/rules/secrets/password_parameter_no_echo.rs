//! SEC-001: parameters that carry secrets but are echoed.

use crate::eval::When;
use crate::model::pointer_escape;
use crate::rules::support::secrets::looks_secret_name;
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SEC-001",
        slug: "secrets-password-parameter-no-echo",
        title: "Secret-looking parameter without NoEcho",
        strength: "Secret parameters are masked with NoEcho",
        service: "secrets",
        category: Category::SecretsManagement,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[],
        baseline: false,
        rationale: "CloudFormation shows parameter values in the console, in DescribeStacks and in stack events unless the parameter is NoEcho. A parameter named like a password or token is presumably one.",
        risk: "Anyone with read-only CloudFormation access (cloudformation:DescribeStacks is in ReadOnlyAccess) reads the password in clear text.",
        impact: "Credential disclosure to every operator, auditor and tool with read access to the stack.",
        remediation: "Add `NoEcho: true` and remove any Default. Better: do not pass secrets as parameters at all; reference Secrets Manager with a dynamic reference or let the service manage it (ManageMasterUserPassword).",
        fix: Fix {
            yaml: "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 16",
            json: "\"Parameters\": {\n  \"DbPassword\": {\"Type\": \"String\", \"NoEcho\": true, \"MinLength\": 16}\n}",
            cdk: "new CfnParameter(this, 'DbPassword', { type: 'String', noEcho: true, minLength: 16 });\n// better: secretsmanager.Secret.fromSecretNameV2(this, 'Db', 'app/db')",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

fn check(cx: &Ctx, out: &mut Report) {
    for p in &cx.template.parameters {
        // SSM parameter types hold the parameter's name, not the secret.
        if p.typ.starts_with("AWS::SSM::Parameter") || !looks_secret_name(&p.name) {
            continue;
        }
        if p.no_echo {
            out.pass(None, format!("parameter {} is NoEcho", p.name));
        } else {
            let at = At { resource: None, span: p.span, pointer: format!("/Parameters/{}", pointer_escape(&p.name)), when: When::ALWAYS };
            out.fail(at, format!("parameter {} looks like a secret but has no NoEcho: true; its value shows in the console and DescribeStacks", p.name));
        }
    }
}
