//! IAM-002: identity policies that grant write access on every resource.

use crate::rules::support::describe;
use crate::rules::support::policy::{IDENTITY_POLICY_TYPES, accepts_only_star_resource, identity_statements, is_read_only_action};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "IAM-002",
        slug: "iam-wildcard-resource",
        title: "IAM policy grants write actions on every resource",
        strength: "IAM policies scope write permissions to specific resources",
        service: "iam",
        category: Category::IdentityAndAccess,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: IDENTITY_POLICY_TYPES,
        baseline: false,
        rationale: "Least privilege means naming the resources a principal may change. `Resource: \"*\"` or an account-wide ARN (`arn:aws:logs:REGION:ACCOUNT:*`, `arn:aws:s3:::*`) extends a grant to every current and future resource of that kind.",
        risk: "A compromised workload, or a bug in it, can modify or delete resources it was never meant to touch: other teams' tables, buckets, log groups or parameters in the same account.",
        impact: "Blast radius of one credential leak becomes the whole account for the granted actions; data loss, tampering with audit logs, lateral movement.",
        remediation: "Replace `*` and account-wide ARNs with the ARNs of the resources the workload uses (`!GetAtt Table.Arn`, `!Sub \"${Bucket.Arn}/*\"`, `arn:...:log-group:/app/*`). Read-only (Get/List/Describe) statements may stay broad where a service needs it, and actions without resource-level permissions (ssmmessages:*, ec2messages:*, cloudwatch:PutMetricData, xray:PutTraceSegments) are exempt: `*` is the only resource they accept.",
        fix: Fix {
            yaml: "# Name the resources the workload writes to, e.g. its own log group:\n- Effect: Allow\n  Action: [logs:CreateLogStream, logs:PutLogEvents]\n  Resource:\n    - !GetAtt AppLogGroup.Arn\n    - !Sub \"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/ec2/webapp-${EnvironmentSuffix}:*\"",
            json: "{\n  \"Effect\": \"Allow\",\n  \"Action\": [\"logs:CreateLogStream\", \"logs:PutLogEvents\"],\n  \"Resource\": [\n    {\"Fn::GetAtt\": [\"AppLogGroup\", \"Arn\"]},\n    {\"Fn::Sub\": \"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/ec2/webapp-${EnvironmentSuffix}:*\"}\n  ]\n}",
            cdk: "// Name the resources the workload writes to, e.g. its own log group:\nlogGroup.grantWrite(role); // or:\nrole.addToPolicy(new iam.PolicyStatement({\n  actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],\n  resources: [\n    `arn:aws:logs:${this.region}:${this.account}:log-group:/aws/ec2/webapp-${envSuffix}:*`,\n    `arn:aws:logs:${this.region}:${this.account}:log-group:/aws/ec2/webapp-${envSuffix}`,\n  ],\n}));",
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
        ],
        aliases: &["W11", "W12", "W13", "CKV_AWS_111", "AwsSolutions-IAM5"],
    },
    check: Check::Resource(check),
};

/// What an account-wide resource ARN covers, or `None` if the ARN is scoped.
/// `arn:aws:logs:us-west-2:123456789012:*` → "every log group"; `arn:aws:s3:::*/*` →
/// "every object in every bucket"; `arn:aws:dynamodb:R:A:table/*` → "every table".
pub fn account_wide(arn: &str) -> Option<String> {
    let parts = arn_parts(arn);
    let [first, _partition, service, _region, _account, rest] = parts.as_slice() else { return None };
    if *first != "arn" {
        return None;
    }
    let (service, rest) = (*service, *rest);
    if rest.starts_with('*') {
        let noun = match (service, rest) {
            ("s3", "*") => "every bucket",
            ("s3", _) => "every object in every bucket",
            ("logs", _) => "every log group",
            ("sqs", _) => "every queue",
            ("sns", _) => "every topic",
            ("kms", _) => "every key",
            ("dynamodb", _) => "every table",
            ("lambda", _) => "every function",
            ("ssm", _) => "every parameter",
            ("secretsmanager", _) => "every secret",
            _ => return Some(format!("every {service} resource")),
        };
        return Some(noun.to_string());
    }
    // S3 ARNs name a bucket, not a resource type: `arn:aws:s3:::data/*` is scoped.
    if service == "s3" {
        return None;
    }
    // `type/*` or `type:*` with a literal type and nothing else.
    let (typ, tail) = rest.split_once('/').or_else(|| rest.split_once(':'))?;
    if tail.chars().all(|c| c == '*') && !tail.is_empty() && !typ.is_empty() && !typ.contains(['*', '$', '{']) {
        return Some(format!("every {typ}"));
    }
    None
}

/// The six parts of an ARN (the last holds the rest), not splitting inside `${...}`.
fn arn_parts(arn: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = arn.as_bytes();
    let mut i = 0;
    while i < bytes.len() && parts.len() < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts.push(arn.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(arn.get(start..).unwrap_or(""));
    parts
}

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
        // Write actions in this statement (NotAction with Allow grants nearly everything).
        let mut writes: Vec<&str> = Vec::new();
        let mut unknown_action = false;
        for a in &st.actions {
            match a.as_str() {
                // Actions without resource-level permissions only accept `*`.
                Some(a) if !is_read_only_action(a) && !accepts_only_star_resource(a) => writes.push(a),
                Some(_) => {}
                None => unknown_action = true,
            }
        }
        if !st.not_actions.is_empty() {
            writes.push("every action outside NotAction");
        }
        for r in &st.resources {
            let Some(text) = r.text() else {
                unsure = true;
                continue;
            };
            let covers = if text.trim() == "*" {
                Some("every resource in the account".to_string())
            } else {
                account_wide(text.trim()).map(|n| format!("{n} in the account"))
            };
            let Some(covers) = covers else { continue };
            match writes.first() {
                Some(first) => {
                    let more = if writes.len() > 1 { format!(" and {} more", writes.len() - 1) } else { String::new() };
                    let at = crate::rules::At { resource: Some(res.index), span: r.span, pointer: r.pointer.clone(), when: st.when.clone() };
                    out.fail(at, format!("{who}: Resource {} covers {covers}, with write access ({first}{more})", text.trim()));
                    failed = true;
                }
                None if unknown_action => unsure = true,
                None => {}
            }
        }
        judged = true;
    }
    if judged && !failed && !unsure {
        out.pass(Some(res.index), format!("{who}: write permissions name specific resources"));
    }
}

#[cfg(test)]
mod tests {
    use super::account_wide;

    #[test]
    fn account_wide_arns() {
        assert_eq!(account_wide("arn:aws:logs:us-west-2:123456789012:*").as_deref(), Some("every log group"));
        assert_eq!(account_wide("arn:aws:s3:::*").as_deref(), Some("every bucket"));
        assert_eq!(account_wide("arn:aws:s3:::*/*").as_deref(), Some("every object in every bucket"));
        assert_eq!(account_wide("arn:aws:dynamodb:us-east-1:123456789012:table/*").as_deref(), Some("every table"));
        assert_eq!(account_wide("arn:aws:ssm:us-east-1:123456789012:parameter/app-dev/123/*"), None);
        assert_eq!(account_wide("arn:aws:s3:::${Bucket}/*"), None);
        assert_eq!(account_wide("arn:aws:logs:us-east-1:123456789012:log-group:/app/*"), None);
        assert_eq!(account_wide("${Bucket.Arn}/*"), None);
        assert_eq!(account_wide("arn:aws:s3:::data/*"), None);
        assert_eq!(account_wide("arn:aws:dynamodb:us-east-1:${AWS::AccountId}:table/*").as_deref(), Some("every table"));
    }
}
