//! RDS-001: databases without storage encryption.

use crate::eval::{Found, Val};
use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "RDS-001",
        slug: "rds-storage-encryption",
        title: "RDS database without storage encryption",
        strength: "RDS databases encrypt storage, snapshots and backups",
        service: "rds",
        category: Category::Encryption,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
        baseline: false,
        rationale: "StorageEncrypted encrypts the database volumes, automated backups, read replicas and snapshots with KMS. It can only be chosen at creation: an unencrypted database must be copied to an encrypted snapshot and restored to fix it.",
        risk: "Database files, backups and snapshots (which are easy to share or copy by mistake) hold the data in clear.",
        impact: "Exposure of the application's primary data store; failure of PCI DSS, HIPAA and most data-protection baselines. Fixing it later means downtime.",
        remediation: "Set StorageEncrypted: true (and KmsKeyId to a customer managed key) on the DB instance, or on the DB cluster for Aurora and Multi-AZ clusters.",
        fix: Fix {
            yaml: "Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    StorageEncrypted: true\n    KmsKeyId: !Ref DataKey",
            json: "\"Database\": {\"Type\": \"AWS::RDS::DBInstance\", \"Properties\": {\"StorageEncrypted\": true, \"KmsKeyId\": {\"Ref\": \"DataKey\"}}}",
            cdk: "new rds.DatabaseInstance(this, 'Database', { engine, storageEncrypted: true, storageEncryptionKey: dataKey });",
        },
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
        aliases: &["CKV_AWS_16", "CKV_AWS_96", "F26", "F27", "AwsSolutions-RDS2", "AVD-AWS-0079", "AVD-AWS-0080"],
    },
    check: Check::Resource(check),
};

/// Properties under which the storage encryption is inherited (read replicas, restores).
fn inherits(res: &Res) -> &'static [&'static str] {
    if res.resource.typ == "AWS::RDS::DBInstance" {
        &["SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SourceDBClusterIdentifier"]
    } else {
        &["SnapshotIdentifier", "SourceDBClusterIdentifier"]
    }
}

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    if res.resource.typ == "AWS::RDS::DBInstance" {
        // Aurora (and Multi-AZ cluster) members are encrypted by their cluster.
        if res.at(cx, "DBClusterIdentifier").iter().any(|f| f.val.is_some()) {
            return;
        }
        if res.at(cx, "Engine").iter().any(|f| f.val.and_then(Val::as_str).is_some_and(|e| e.to_ascii_lowercase().starts_with("aurora"))) {
            return;
        }
    } else if res.at(cx, "EngineMode").iter().any(|f| f.val.and_then(Val::as_str) == Some("serverless")) {
        // Aurora Serverless v1 is always encrypted.
        out.pass(Some(res.index), format!("{who}: Aurora Serverless storage is always encrypted"));
        return;
    }
    let inherited = inherits(res).iter().any(|p| res.at(cx, p).iter().any(|f| f.val.is_some()));
    for f in res.at(cx, "StorageEncrypted") {
        match f.val.map(Val::as_bool) {
            Some(Some(true)) => out.pass(Some(res.index), format!("{who}: storage encrypted")),
            Some(Some(false)) => out.fail(res.at_found(&f), format!("{who} has StorageEncrypted: false: data, backups and snapshots are unencrypted")),
            None if inherited => {} // encryption follows the source snapshot or instance
            None => fail_absent(res, out, &who, &f),
            Some(None) => {}
        }
    }
}

fn fail_absent(res: &Res, out: &mut Report, who: &str, f: &Found) {
    out.fail(res.at_found(f), format!("{who} does not set StorageEncrypted: data, backups and snapshots are unencrypted"));
}
