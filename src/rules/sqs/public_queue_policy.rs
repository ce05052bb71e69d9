//! SQS-002: queue policies that allow anyone.

use crate::rules::support::policy::public_grants;
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SQS-002",
        slug: "sqs-public-queue-policy",
        title: "SQS queue policy allows any principal",
        strength: "Queue policies grant access to specific principals only",
        service: "sqs",
        category: Category::IdentityAndAccess,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::SQS::QueuePolicy"],
        baseline: false,
        rationale: "`Principal: \"*\"` in an Allow statement grants the actions to every AWS account, authenticated or not, unless a condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce...) narrows it.",
        risk: "Anyone on the internet can send messages into the queue (injecting work or poisoning consumers), or read and delete messages if receive actions are granted.",
        impact: "Data disclosure, fraudulent jobs processed by your workers, denial of service and cost.",
        remediation: "Name the principals (a role ARN, a service principal like sns.amazonaws.com) or keep `*` only together with an aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID condition.",
        fix: Fix {
            yaml: "- Effect: Allow\n  Principal: {Service: sns.amazonaws.com}\n  Action: sqs:SendMessage\n  Resource: !GetAtt JobsQueue.Arn\n  Condition:\n    ArnEquals: {aws:SourceArn: !Ref JobsTopic}",
            json: "{\n  \"Effect\": \"Allow\",\n  \"Principal\": {\"Service\": \"sns.amazonaws.com\"},\n  \"Action\": \"sqs:SendMessage\",\n  \"Resource\": {\"Fn::GetAtt\": [\"JobsQueue\", \"Arn\"]},\n  \"Condition\": {\"ArnEquals\": {\"aws:SourceArn\": {\"Ref\": \"JobsTopic\"}}}\n}",
            cdk: "jobsTopic.addSubscription(new subs.SqsSubscription(jobsQueue)); // scoped policy\n// or: jobsQueue.grantSendMessages(producerRole);",
        },
        references: &[
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
        ],
        aliases: &["F21"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let queues: Vec<String> = res
        .at(cx, "Queues/*")
        .iter()
        .filter_map(|f| f.val)
        .map(|v| match &v.kind {
            crate::eval::ValKind::Ref { target, .. } => target.clone(),
            _ => v.render_text().into_owned(),
        })
        .collect();
    let of = if queues.is_empty() { String::new() } else { format!(" (queue {})", queues.join(", ")) };
    let (grants, judged) = public_grants(cx, res, "PolicyDocument");
    for g in &grants {
        out.fail(
            At { resource: Some(res.index), span: g.span, pointer: g.pointer.clone(), when: g.when.clone() },
            format!("queue policy {}{of} allows anyone (Principal *) {} with no restricting condition", res.id(), g.what),
        );
    }
    if judged && grants.is_empty() {
        out.pass(Some(res.index), format!("queue policy {}{of}: grants only to named principals or under restricting conditions", res.id()));
    }
}
