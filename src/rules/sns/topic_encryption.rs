//! SNS-001: SNS topics without server-side encryption.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SNS-001",
        slug: "sns-topic-encryption",
        title: "SNS topic without server-side encryption",
        strength: "SNS topics encrypt messages at rest with KMS",
        service: "sns",
        category: Category::Encryption,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::SNS::Topic"],
        baseline: false,
        rationale: "SNS stores messages until they are delivered. Server-side encryption (KmsMasterKeyId) encrypts them at rest with a KMS key, and with a customer managed key, decryption is governed by its key policy.",
        risk: "Messages (alerts, order events, notifications that often carry identifiers or personal data) are stored unencrypted on the SNS side.",
        impact: "Compliance gaps for data at rest (PCI DSS, HIPAA); no KMS audit trail of who published or read.",
        remediation: "Set KmsMasterKeyId to a customer managed KMS key (or at least alias/aws/sns). With a CMK, allow the publishing services (CloudWatch, EventBridge) kms:GenerateDataKey* and kms:Decrypt in the key policy.",
        fix: Fix {
            yaml: "AlertsTopic:\n  Type: AWS::SNS::Topic\n  Properties:\n    KmsMasterKeyId: !Ref MessagingKey",
            json: "\"AlertsTopic\": {\n  \"Type\": \"AWS::SNS::Topic\",\n  \"Properties\": {\"KmsMasterKeyId\": {\"Ref\": \"MessagingKey\"}}\n}",
            cdk: "new sns.Topic(this, 'AlertsTopic', { masterKey: messagingKey });",
        },
        references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
        aliases: &["CKV_AWS_26", "W47", "AVD-AWS-0095"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "KmsMasterKeyId") {
        match f.val {
            None => out.fail(res.at_found(&f), format!("topic {} has no KmsMasterKeyId: messages are stored unencrypted", res.id())),
            Some(v) => match v.text() {
                Some(t) if t.trim().is_empty() => {
                    out.fail(res.at_found(&f), format!("topic {} has an empty KmsMasterKeyId: messages are stored unencrypted", res.id()))
                }
                Some(t) => out.pass(Some(res.index), format!("topic {}: encrypted with {t}", res.id())),
                None if matches!(v.kind, crate::eval::ValKind::Ref { .. }) => {
                    out.pass(Some(res.index), format!("topic {}: encrypted with {}", res.id(), v.render_text()))
                }
                // Not known statically: never guess.
                None => {}
            },
        }
    }
}
