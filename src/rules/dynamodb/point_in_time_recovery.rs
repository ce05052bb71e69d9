//! DDB-001: DynamoDB tables without point-in-time recovery.

use crate::eval::Val;
use crate::rules::support::describe;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "DDB-001",
        slug: "dynamodb-point-in-time-recovery",
        title: "DynamoDB table without point-in-time recovery",
        strength: "DynamoDB tables keep continuous backups (point-in-time recovery)",
        service: "dynamodb",
        category: Category::DataProtection,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"],
        baseline: false,
        rationale: "Point-in-time recovery keeps continuous backups of a table for up to 35 days, so a table can be restored to any second in that window after a bad deployment, a faulty batch job or a malicious delete. It is off unless PointInTimeRecoveryEnabled is set.",
        risk: "Items overwritten or deleted by mistake (or by an attacker with write access) cannot be recovered; only on-demand backups taken beforehand help.",
        impact: "Permanent loss or corruption of application data; failure of backup and recovery controls (CP-9, 164.308(a)(7)).",
        remediation: "Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table (on every replica of a global table).",
        fix: Fix {
            yaml: "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    PointInTimeRecoverySpecification:\n      PointInTimeRecoveryEnabled: true",
            json: "\"Table\": {\"Type\": \"AWS::DynamoDB::Table\", \"Properties\": {\"PointInTimeRecoverySpecification\": {\"PointInTimeRecoveryEnabled\": true}}}",
            cdk: "new dynamodb.Table(this, 'Table', { partitionKey, pointInTimeRecovery: true });",
        },
        references: &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"],
        aliases: &["CKV_AWS_28", "CKV_AWS_165", "W78", "AwsSolutions-DDB3", "AVD-AWS-0024"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let who = describe(&res.resource.typ, res.id());
    let path = if res.resource.typ == "AWS::DynamoDB::GlobalTable" {
        "Replicas/*/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled"
    } else {
        "PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled"
    };
    for f in res.at(cx, path) {
        match f.val.map(Val::as_bool) {
            Some(Some(true)) => out.pass(Some(res.index), format!("{who}: point-in-time recovery enabled")),
            Some(Some(false)) => out.fail(res.at_found(&f), format!("{who} has PointInTimeRecoveryEnabled: false: deleted or overwritten items cannot be restored")),
            None => out.fail(res.at_found(&f), format!("{who} does not enable point-in-time recovery: deleted or overwritten items cannot be restored")),
            // Not known statically: never guess.
            Some(None) => {}
        }
    }
}
