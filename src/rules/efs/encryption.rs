//! EFS-001: file systems without encryption at rest.

use crate::eval::Val;
use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "EFS-001",
        slug: "efs-encryption",
        title: "EFS file system without encryption at rest",
        strength: "EFS file systems encrypt data at rest",
        service: "efs",
        category: Category::Encryption,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::EFS::FileSystem"],
        baseline: false,
        rationale: "Encrypted makes EFS encrypt file data and metadata at rest with KMS. CloudFormation creates unencrypted file systems unless it is set, and it can only be chosen at creation: an unencrypted file system must be copied to a new one to fix it.",
        risk: "File contents and metadata are stored in clear on the service's disks and in backups taken from them.",
        impact: "Shared application data (uploads, home directories, build caches) is outside encryption-at-rest controls; failure of PCI DSS, HIPAA and NIST SC-28.",
        remediation: "Set Encrypted: true (and KmsKeyId to a customer managed key) on the file system, then migrate the data (AWS DataSync or a copy) from any existing unencrypted one.",
        fix: Fix {
            yaml: "FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref DataKey",
            json: "\"FileSystem\": {\"Type\": \"AWS::EFS::FileSystem\", \"Properties\": {\"Encrypted\": true, \"KmsKeyId\": {\"Ref\": \"DataKey\"}}}",
            cdk: "new efs.FileSystem(this, 'FileSystem', { vpc, encrypted: true, kmsKey: dataKey });",
        },
        references: &["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
        aliases: &["CKV_AWS_42", "F32", "AwsSolutions-EFS1", "AVD-AWS-0037"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    for f in res.at(cx, "Encrypted") {
        match f.val.map(Val::as_bool) {
            Some(Some(true)) => out.pass(Some(res.index), format!("{who}: encrypted at rest")),
            Some(Some(false)) => out.fail(res.at_found(&f), format!("{who} has Encrypted: false: file data and metadata are stored unencrypted")),
            None => out.fail(res.at_found(&f), format!("{who} does not set Encrypted: file data and metadata are stored unencrypted")),
            // Not known statically: never guess.
            Some(None) => {}
        }
    }
}
