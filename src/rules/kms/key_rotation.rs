//! KMS-002: symmetric customer managed keys without automatic rotation.

use crate::eval::Val;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "KMS-002",
        slug: "kms-key-rotation",
        title: "KMS key without automatic key rotation",
        strength: "Customer managed KMS keys rotate automatically",
        service: "kms",
        category: Category::Encryption,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::KMS::Key"],
        baseline: false,
        rationale: "Automatic rotation creates new key material every year (or on the period you set) while keeping old material for decryption, so no application change is needed. Many frameworks (CIS 3.6, PCI DSS 3.6.4) require it.",
        risk: "The same key material protects data for the key's whole life; a compromise of it exposes everything ever encrypted, and compliance checks fail.",
        impact: "Larger cryptographic blast radius; audit findings.",
        remediation: "Set EnableKeyRotation: true on symmetric encryption keys (optionally RotationPeriodInDays). Asymmetric and HMAC keys cannot rotate automatically and are not checked.",
        fix: Fix {
            yaml: "DataKey:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true\n    RotationPeriodInDays: 365",
            json: "\"DataKey\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"EnableKeyRotation\": true, \"RotationPeriodInDays\": 365}}",
            cdk: "new kms.Key(this, 'DataKey', { enableKeyRotation: true });",
        },
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        aliases: &["CKV_AWS_7", "F19", "AwsSolutions-KMS5", "AVD-AWS-0065"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for spec in res.at(cx, "KeySpec") {
        match spec.val.map(Val::as_str) {
            None | Some(Some("SYMMETRIC_DEFAULT")) => {}
            // Asymmetric / HMAC keys cannot rotate automatically; unknown: never guess.
            Some(_) => continue,
        }
        for f in res.at(cx, "EnableKeyRotation") {
            let Some(when) = cx.eval.env.and(&spec.when, &f.when) else { continue };
            let f = crate::eval::Found { when, ..f };
            match f.val.map(Val::as_bool) {
                None => out.fail(res.at_found(&f), format!("KMS key {} does not enable automatic rotation (EnableKeyRotation absent)", res.id())),
                Some(Some(false)) => out.fail(res.at_found(&f), format!("KMS key {} has EnableKeyRotation: false", res.id())),
                Some(Some(true)) => out.pass(Some(res.index), format!("KMS key {}: automatic rotation enabled", res.id())),
                Some(None) => {}
            }
        }
    }
}
