//! IAM-004: the AWS managed AdministratorAccess policy attached to a role, user or group.

use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "IAM-004",
        slug: "iam-admin-policy-attached",
        title: "AdministratorAccess policy attached",
        strength: "No role, user or group has AdministratorAccess",
        service: "iam",
        category: Category::IdentityAndAccess,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"],
        baseline: false,
        rationale: "AdministratorAccess allows every action on every resource, including IAM, Organizations and billing. A workload role or service user never needs it.",
        risk: "Whoever obtains the principal's credentials (an SSRF on an instance, a leaked key, a compromised CI job) controls the whole account and can create persistent backdoors.",
        impact: "Full account takeover: data exfiltration, destruction, crypto-mining at your expense.",
        remediation: "Replace AdministratorAccess with a policy listing the actions and resources the principal uses (IAM Access Analyzer can generate one from CloudTrail). Keep administrative access for people through IAM Identity Center permission sets with MFA.",
        fix: Fix {
            yaml: "ManagedPolicyArns:\n  - !Ref AppPolicy   # least-privilege AWS::IAM::ManagedPolicy\n# not: arn:aws:iam::aws:policy/AdministratorAccess",
            json: "\"ManagedPolicyArns\": [{\"Ref\": \"AppPolicy\"}]",
            cdk: "// not: iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')\nbucket.grantRead(role);\ntable.grantReadWriteData(role);",
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        ],
        aliases: &["W43"],
    },
    check: Check::Resource(check),
};

/// `arn:<partition>:iam::aws:policy/AdministratorAccess` (any partition, also when only the
/// partition is not known).
fn is_admin(arn: &str) -> bool {
    let arn = arn.trim();
    arn.starts_with("arn:") && arn.ends_with(":iam::aws:policy/AdministratorAccess")
}

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    let mut unsure = false;
    let mut failed = false;
    for f in res.at(cx, "ManagedPolicyArns/*") {
        let Some(v) = f.val else { continue };
        match v.text() {
            Some(t) if is_admin(t) => {
                out.fail(res.at_found(&f), format!("{who} has the AWS managed AdministratorAccess policy ({}): full control of the account", t.trim()));
                failed = true;
            }
            Some(_) => {}
            None if matches!(v.kind, crate::eval::ValKind::Ref { .. }) => {} // a policy of this stack
            None => unsure = true,
        }
    }
    if !failed && !unsure {
        out.pass(Some(res.index), format!("{who}: no AdministratorAccess"));
    }
}
