//! LOGS-001: log groups expire their data.

use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "LOGS-001",
        slug: "logs-retention",
        title: "CloudWatch log group keeps logs forever",
        strength: "CloudWatch log groups with retention",
        service: "logs",
        category: Category::Monitoring,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::Logs::LogGroup"],
        baseline: false,
        rationale: "An explicit RetentionInDays states how long logs are kept: long enough for investigations and compliance, no longer than the data-protection policy allows.",
        risk: "Without it logs never expire: personal data or secrets that leaked into logs are kept indefinitely, and storage cost grows without bound.",
        impact: "Retention obligations (GDPR minimisation, or a required minimum such as one year) are not demonstrably met.",
        remediation: "Set RetentionInDays to your policy's value (e.g. 365 for audit-relevant logs, 30-90 for application debug logs).",
        fix: Fix {
            yaml: "LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    RetentionInDays: 365\n    KmsKeyId: !GetAtt LogsKey.Arn",
            json: "\"LogGroup\": {\n  \"Type\": \"AWS::Logs::LogGroup\",\n  \"Properties\": {\"RetentionInDays\": 365, \"KmsKeyId\": {\"Fn::GetAtt\": [\"LogsKey\", \"Arn\"]}}\n}",
            cdk: "new logs.LogGroup(this, 'LogGroup', {\n  retention: logs.RetentionDays.ONE_YEAR,\n  encryptionKey: logsKey,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html",
        ],
        aliases: &["CKV_AWS_66", "W86"],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    for f in res.at(cx, "RetentionInDays") {
        match f.val {
            None => out.fail(res.at_found(&f), format!("log group {} never expires its logs (no RetentionInDays)", res.id())),
            Some(v) => {
                // A value not known statically (a parameter without default): no verdict.
                if let Some(days) = v.as_i64() {
                    out.pass(Some(res.index), format!("log group {}: {days} days", res.id()));
                }
            }
        }
    }
}
