//! RDS-003: databases that can be deleted by one API call or stack update.

use crate::eval::Val;
use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "RDS-003",
        slug: "rds-deletion-protection",
        title: "RDS database without deletion protection",
        strength: "RDS databases are protected against deletion",
        service: "rds",
        category: Category::DataProtection,
        severity: Severity::Low,
        tier: Tier::Medium,
        resource_types: &["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
        baseline: false,
        rationale: "DeletionProtection makes RDS refuse to delete the database until the setting is turned off first, so a mistaken stack update that replaces or removes the database, a deleted stack, or a stray API call cannot destroy it. It is off by default.",
        risk: "The database (and, unless a final snapshot is taken, its automated backups) can be deleted in one step by a template change, a stack deletion or anyone allowed rds:DeleteDB*.",
        impact: "Loss of the application's primary data store and an outage while it is restored from whatever backup remains.",
        remediation: "Set DeletionProtection: true on the DB instance, or on the DB cluster for Aurora (members of a cluster follow the cluster). Keep DeletionPolicy: Snapshot as well.",
        fix: Fix {
            yaml: "Database:\n  Type: AWS::RDS::DBInstance\n  DeletionPolicy: Snapshot\n  Properties:\n    DeletionProtection: true",
            json: "\"Database\": {\"Type\": \"AWS::RDS::DBInstance\", \"DeletionPolicy\": \"Snapshot\", \"Properties\": {\"DeletionProtection\": true}}",
            cdk: "new rds.DatabaseInstance(this, 'Database', { engine, deletionProtection: true, removalPolicy: RemovalPolicy.SNAPSHOT });",
        },
        references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection"],
        aliases: &["F80", "AwsSolutions-RDS10", "AVD-AWS-0177", "AVD-AWS-0343"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    if res.resource.typ == "AWS::RDS::DBInstance" {
        // Aurora (and Multi-AZ cluster) members are protected by their cluster.
        if res.at(cx, "DBClusterIdentifier").iter().any(|f| f.val.is_some()) {
            return;
        }
        if res.at(cx, "Engine").iter().any(|f| f.val.and_then(Val::as_str).is_some_and(|e| e.to_ascii_lowercase().starts_with("aurora"))) {
            return;
        }
    }
    for f in res.at(cx, "DeletionProtection") {
        match f.val.map(Val::as_bool) {
            Some(Some(true)) => out.pass(Some(res.index), format!("{who}: deletion protection enabled")),
            Some(Some(false)) => out.fail(res.at_found(&f), format!("{who} has DeletionProtection: false: one stack change or API call deletes it")),
            None => out.fail(res.at_found(&f), format!("{who} does not set DeletionProtection: one stack change or API call deletes it")),
            // Not known statically: never guess.
            Some(None) => {}
        }
    }
}
