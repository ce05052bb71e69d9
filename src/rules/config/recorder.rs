//! CFG-001: AWS Config records configuration changes and evaluates rules.

use crate::eval::When;
use crate::rules::support::scenarios::{covered_by_default, uncovered};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "CFG-001",
        slug: "config-recorder",
        title: "No AWS Config recorder or rules: configuration drift goes unnoticed",
        strength: "AWS Config records resource changes and evaluates compliance rules",
        service: "config",
        category: Category::Compliance,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &[],
        baseline: true,
        rationale: "A configuration recorder keeps the history of every resource's configuration; Config rules flag drift from policy (public buckets, open security groups) as it happens.",
        risk: "Changes made outside this template (console edits, scripts) are not recorded or evaluated, so a bucket made public by hand stays public.",
        impact: "No change history for investigations and no continuous compliance evidence for audits.",
        remediation: "Define an AWS::Config::ConfigurationRecorder with a DeliveryChannel, plus AWS::Config::ConfigRule resources (or a ConformancePack) for the controls you rely on — or confirm Config is managed centrally and switch account-baseline rules off.",
        fix: Fix {
            yaml: "Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !GetAtt ConfigRole.Arn\n    RecordingGroup:\n      AllSupported: true\n      IncludeGlobalResourceTypes: true\nPublicReadProhibited:\n  Type: AWS::Config::ConfigRule\n  DependsOn: Recorder\n  Properties:\n    Source:\n      Owner: AWS\n      SourceIdentifier: S3_BUCKET_PUBLIC_READ_PROHIBITED",
            json: "\"Recorder\": {\n  \"Type\": \"AWS::Config::ConfigurationRecorder\",\n  \"Properties\": {\n    \"RoleARN\": {\"Fn::GetAtt\": [\"ConfigRole\", \"Arn\"]},\n    \"RecordingGroup\": {\"AllSupported\": true, \"IncludeGlobalResourceTypes\": true}\n  }\n},\n\"PublicReadProhibited\": {\n  \"Type\": \"AWS::Config::ConfigRule\",\n  \"DependsOn\": \"Recorder\",\n  \"Properties\": {\"Source\": {\"Owner\": \"AWS\", \"SourceIdentifier\": \"S3_BUCKET_PUBLIC_READ_PROHIBITED\"}}\n}",
            cdk: "new config.ManagedRule(this, 'PublicReadProhibited', {\n  identifier: config.ManagedRuleIdentifiers.S3_BUCKET_PUBLIC_READ_PROHIBITED,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
            "https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

const RULE_TYPES: &[&str] = &["AWS::Config::ConfigRule", "AWS::Config::ConformancePack", "AWS::Config::OrganizationConfigRule", "AWS::Config::OrganizationConformancePack"];

fn check(cx: &Ctx, out: &mut Report) {
    let env = &cx.eval.env;
    let recorders: Vec<_> = cx.resources_of(&["AWS::Config::ConfigurationRecorder"]);
    let rules: Vec<_> = cx.resources_of(RULE_TYPES);
    let rec_when: Vec<When> = recorders.iter().map(|r| r.when.clone()).collect();
    let rule_when: Vec<When> = rules.iter().map(|r| r.when.clone()).collect();
    let no_rec = uncovered(env, &When::ALWAYS, &rec_when);
    let no_rules = uncovered(env, &When::ALWAYS, &rule_when);
    for when in &no_rec {
        out.fail(At { when: when.clone(), ..At::stack(cx) }, "No configuration history: the stack defines no AWS::Config::ConfigurationRecorder");
    }
    for when in &no_rules {
        out.fail(At { when: when.clone(), ..At::stack(cx) }, "No compliance evaluation: the stack defines no AWS::Config::ConfigRule or conformance pack");
    }
    if covered_by_default(env, &When::ALWAYS, &rec_when) && covered_by_default(env, &When::ALWAYS, &rule_when) {
        let rule_ids: Vec<&str> = rules.iter().map(|r| r.id()).collect();
        out.pass(None, format!("AWS Config recorder {} with rules {}", recorders.iter().map(|r| r.id()).collect::<Vec<_>>().join(", "), rule_ids.join(", ")));
    }
}
