//! GD-001: GuardDuty threat detection is switched on.

use crate::eval::{Val, When};
use crate::rules::support::scenarios::{covered_by_default, uncovered};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "GD-001",
        slug: "guardduty-detector",
        title: "No GuardDuty detector: threats go undetected",
        strength: "GuardDuty monitors the account for threats",
        service: "guardduty",
        category: Category::ThreatDetection,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &[],
        baseline: true,
        rationale: "GuardDuty analyses CloudTrail, VPC flow and DNS logs for credential misuse, crypto-mining, reconnaissance and exfiltration without agents.",
        risk: "Compromised instance credentials, calls from known-bad IPs or unusual data access are not flagged; detection depends on someone reading raw logs.",
        impact: "Attackers dwell longer; the first sign of compromise may be the bill or a breach notice.",
        remediation: "Enable an AWS::GuardDuty::Detector (Enable: true) in every region, or confirm it is managed centrally by the organization's delegated administrator and switch account-baseline rules off.",
        fix: Fix {
            yaml: "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n    Enable: true\n    FindingPublishingFrequency: FIFTEEN_MINUTES",
            json: "\"Detector\": {\n  \"Type\": \"AWS::GuardDuty::Detector\",\n  \"Properties\": {\"Enable\": true, \"FindingPublishingFrequency\": \"FIFTEEN_MINUTES\"}\n}",
            cdk: "new guardduty.CfnDetector(this, 'Detector', {\n  enable: true,\n  findingPublishingFrequency: 'FIFTEEN_MINUTES',\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-guardduty-detector.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

fn check(cx: &Ctx, out: &mut Report) {
    let (mut enabled, mut unsure) = (Vec::<When>::new(), Vec::<When>::new());
    let mut names = Vec::new();
    for d in cx.resources_of(&["AWS::GuardDuty::Detector"]) {
        for f in d.at(cx, "Enable") {
            match f.val.and_then(Val::as_bool) {
                Some(true) => {
                    enabled.push(f.when);
                    names.push(d.id());
                }
                Some(false) => {}
                None if f.val.is_none() => {}
                None => unsure.push(f.when),
            }
        }
    }
    let env = &cx.eval.env;
    let all: Vec<When> = enabled.iter().chain(&unsure).cloned().collect();
    for when in uncovered(env, &When::ALWAYS, &all) {
        let msg = if cx.has_type("AWS::GuardDuty::Detector") {
            "No threat detection: the GuardDuty detector is not enabled (Enable false)"
        } else {
            "No threat detection: the stack defines no AWS::GuardDuty::Detector"
        };
        out.fail(At { when, ..At::stack(cx) }, msg);
    }
    if covered_by_default(env, &When::ALWAYS, &enabled) {
        names.dedup();
        out.pass(None, format!("GuardDuty detector {} is enabled", names.join(", ")));
    }
}
