//! SM-001: Secrets Manager secrets encrypted with the AWS managed key.

use crate::rules::support::kms::is_customer_managed;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "SM-001",
        slug: "secretsmanager-secret-cmk",
        title: "Secret encrypted with the AWS managed key aws/secretsmanager",
        strength: "Secrets are encrypted with customer managed KMS keys",
        service: "secretsmanager",
        category: Category::SecretsManagement,
        severity: Severity::Low,
        tier: Tier::Medium,
        resource_types: &["AWS::SecretsManager::Secret"],
        baseline: false,
        rationale: "Without KmsKeyId a secret is encrypted with aws/secretsmanager, whose key policy lets every principal in the account with secretsmanager:GetSecretValue decrypt it and cannot be shared with other accounts.",
        risk: "Access to the secret is governed by one policy layer only; the secret cannot be read cross-account, and you cannot revoke decryption by disabling a key.",
        impact: "Weaker separation of duties over the most sensitive values of the stack; cross-account designs need the secret re-created.",
        remediation: "Set KmsKeyId to a customer managed AWS::KMS::Key whose key policy allows kms:Decrypt only to the roles that read the secret (with kms:ViaService secretsmanager).",
        fix: Fix {
            yaml: "DbSecret:\n  Type: AWS::SecretsManager::Secret\n  Properties:\n    KmsKeyId: !Ref SecretsKey\n    GenerateSecretString: {GenerateStringKey: password, SecretStringTemplate: '{\"username\":\"app\"}'}",
            json: "\"DbSecret\": {\"Type\": \"AWS::SecretsManager::Secret\", \"Properties\": {\"KmsKeyId\": {\"Ref\": \"SecretsKey\"}}}",
            cdk: "new secretsmanager.Secret(this, 'DbSecret', { encryptionKey: secretsKey });",
        },
        references: &[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html#cfn-secretsmanager-secret-kmskeyid",
        ],
        aliases: &["CKV_AWS_149", "W77", "AVD-AWS-0098"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "KmsKeyId") {
        match f.val {
            None => out.fail(res.at_found(&f), format!("secret {} has no KmsKeyId: it is encrypted with the AWS managed key aws/secretsmanager", res.id())),
            Some(v) => match is_customer_managed(v) {
                Some(true) => out.pass(Some(res.index), format!("secret {}: customer managed key {}", res.id(), v.render_text())),
                Some(false) => out.fail(res.at_found(&f), format!("secret {} uses the AWS managed key {}", res.id(), v.render_text())),
                None => {}
            },
        }
    }
}
