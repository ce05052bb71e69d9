//! SQS-001: queues with server-side encryption switched off.

use crate::eval::Val;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SQS-001",
        slug: "sqs-queue-encryption",
        title: "SQS queue without server-side encryption",
        strength: "SQS queues encrypt messages at rest",
        service: "sqs",
        category: Category::Encryption,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::SQS::Queue"],
        baseline: false,
        rationale: "New queues get SSE-SQS by default; setting SqsManagedSseEnabled to false without a KmsMasterKeyId turns encryption at rest off.",
        risk: "Messages, which often carry order data, identifiers or tokens, are stored unencrypted for up to the retention period (14 days).",
        impact: "Compliance failure for data at rest; messages exposed in the unlikely event of storage-level access.",
        remediation: "Remove `SqsManagedSseEnabled: false`, or better set KmsMasterKeyId to a customer managed key (and grant producers kms:GenerateDataKey, consumers kms:Decrypt).",
        fix: Fix {
            yaml: "JobsQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref MessagingKey\n    # or: SqsManagedSseEnabled: true",
            json: "\"JobsQueue\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"KmsMasterKeyId\": {\"Ref\": \"MessagingKey\"}}}",
            cdk: "new sqs.Queue(this, 'JobsQueue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: messagingKey });",
        },
        references: &["https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html"],
        aliases: &["AwsSolutions-SQS2", "AVD-AWS-0096", "CKV_AWS_27", "W48"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for k in res.at(cx, "KmsMasterKeyId") {
        if let Some(v) = k.val {
            if v.text().is_some_and(|t| !t.trim().is_empty()) || matches!(v.kind, crate::eval::ValKind::Ref { .. }) {
                out.pass(Some(res.index), format!("queue {}: SSE-KMS ({})", res.id(), v.render_text()));
            }
            continue;
        }
        for s in res.at(cx, "SqsManagedSseEnabled") {
            let Some(when) = cx.eval.env.and(&k.when, &s.when) else { continue };
            match s.val.map(Val::as_bool) {
                None => out.pass(Some(res.index), format!("queue {}: SSE-SQS (the default)", res.id())),
                Some(Some(true)) => out.pass(Some(res.index), format!("queue {}: SSE-SQS", res.id())),
                Some(Some(false)) => out.fail(
                    res.at_found(&crate::eval::Found { when, ..s }),
                    format!("queue {} turns encryption off (SqsManagedSseEnabled: false, no KmsMasterKeyId)", res.id()),
                ),
                Some(None) => {}
            }
        }
    }
}
