//! IAM-003: identity policies that allow every action (of a service).

use crate::rules::support::describe;
use crate::rules::support::policy::{IDENTITY_POLICY_TYPES, identity_statements, is_wildcard_action, star_only_service_actions};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "IAM-003",
        slug: "iam-wildcard-action",
        title: "IAM policy allows every action (`*` or `service:*`)",
        strength: "IAM policies list the actions they allow",
        service: "iam",
        category: Category::IdentityAndAccess,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: IDENTITY_POLICY_TYPES,
        baseline: false,
        rationale: "`Action: \"*\"` or `s3:*` grants every present and future action of a service, including deletion, policy changes and permission management. `Allow` with `NotAction` does the same for everything not listed.",
        risk: "A principal meant to read objects can also delete buckets, rewrite bucket policies or disable encryption; `iam:*` or `*` lets it grant itself anything (privilege escalation).",
        impact: "Full control of the affected services for anyone who obtains the role's credentials.",
        remediation: "List the actions the workload calls (`s3:GetObject`, `s3:PutObject`). Use IAM Access Analyzer policy generation from CloudTrail activity to find them. Replace `Allow` + `NotAction` with an explicit `Action` list.",
        fix: Fix {
            yaml: "- Effect: Allow\n  Action:\n    - s3:GetObject\n    - s3:PutObject\n  Resource: !Sub \"${DataBucket.Arn}/*\"",
            json: "{\n  \"Effect\": \"Allow\",\n  \"Action\": [\"s3:GetObject\", \"s3:PutObject\"],\n  \"Resource\": {\"Fn::Sub\": \"${DataBucket.Arn}/*\"}\n}",
            cdk: "dataBucket.grantReadWrite(role); // or:\nrole.addToPolicy(new iam.PolicyStatement({\n  actions: ['s3:GetObject', 's3:PutObject'],\n  resources: [dataBucket.arnForObjects('*')],\n}));",
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
        ],
        aliases: &["CKV_AWS_63", "CKV_AWS_62", "F3", "F4", "F5", "W15", "W16", "W17", "AVD-AWS-0057", "AwsSolutions-IAM5"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    let mut judged = false;
    let mut unsure = false;
    let mut failed = false;
    for st in identity_statements(cx, res) {
        if !st.is_allow() {
            unsure |= st.effect.is_none();
            continue;
        }
        judged = true;
        for a in &st.actions {
            match a.as_str() {
                Some(action) if is_wildcard_action(action) => {
                    let what = match action.trim().split_once(':') {
                        Some((svc, _)) if svc != "*" => format!("every {svc} action"),
                        _ => "every action on every service".to_string(),
                    };
                    let at = At { resource: Some(res.index), span: a.span, pointer: a.pointer.clone(), when: st.when.clone() };
                    let msg = match star_only_service_actions(action) {
                        Some(few) => format!(
                            "{who} allows {what} (Action {}); the service has only a few actions, none scoped to a resource: list the ones the agent needs ({}) instead of the wildcard",
                            action.trim(),
                            few.join(", ")
                        ),
                        None => format!("{who} allows {what} (Action {})", action.trim()),
                    };
                    out.fail(at, msg);
                    failed = true;
                }
                Some(_) => {}
                None => unsure = true,
            }
        }
        if let Some(first) = st.not_actions.first() {
            let listed: Vec<&str> = st.not_actions.iter().filter_map(|a| a.as_str()).collect();
            let at = At { resource: Some(res.index), span: first.span, pointer: first.pointer.clone(), when: st.when.clone() };
            out.fail(at, format!("{who} allows every action except NotAction [{}] (Allow with NotAction)", listed.join(", ")));
            failed = true;
        }
    }
    if judged && !failed && !unsure {
        out.pass(Some(res.index), format!("{who}: every Allow statement lists its actions"));
    }
}
