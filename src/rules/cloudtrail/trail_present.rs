//! CT-001: the stack records API calls with a CloudTrail trail.

use crate::eval::{Val, When};
use crate::rules::support::scenarios::{covered_by_default, uncovered};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "CT-001",
        slug: "cloudtrail-trail-present",
        title: "No CloudTrail trail: API calls are not logged",
        strength: "API activity is recorded by a CloudTrail trail",
        service: "cloudtrail",
        category: Category::Audit,
        severity: Severity::High,
        tier: Tier::High,
        resource_types: &[],
        baseline: true,
        rationale: "A trail keeps a durable, queryable record of every management API call (who changed what, from where) beyond the 90-day event history.",
        risk: "Without a trail there is no lasting record of console sign-ins, IAM changes, security group edits or data deletion; an intruder's actions cannot be reconstructed.",
        impact: "Incident response and forensics have nothing to work with; audits (CIS, PCI DSS, SOC 2) fail on missing API logging.",
        remediation: "Define an AWS::CloudTrail::Trail with IsLogging, IsMultiRegionTrail and EnableLogFileValidation true, delivering to a dedicated, locked-down bucket (or rely on an organization trail and switch account-baseline rules off).",
        fix: Fix {
            yaml: "Trail:\n  Type: AWS::CloudTrail::Trail\n  DependsOn: TrailBucketPolicy\n  Properties:\n    IsLogging: true\n    IsMultiRegionTrail: true\n    EnableLogFileValidation: true\n    IncludeGlobalServiceEvents: true\n    S3BucketName: !Ref TrailBucket\n    KMSKeyId: !Ref TrailKey",
            json: "\"Trail\": {\n  \"Type\": \"AWS::CloudTrail::Trail\",\n  \"DependsOn\": \"TrailBucketPolicy\",\n  \"Properties\": {\n    \"IsLogging\": true,\n    \"IsMultiRegionTrail\": true,\n    \"EnableLogFileValidation\": true,\n    \"IncludeGlobalServiceEvents\": true,\n    \"S3BucketName\": {\"Ref\": \"TrailBucket\"},\n    \"KMSKeyId\": {\"Ref\": \"TrailKey\"}\n  }\n}",
            cdk: "new cloudtrail.Trail(this, 'Trail', {\n  isMultiRegionTrail: true,\n  enableFileValidation: true,\n  encryptionKey: trailKey,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

fn check(cx: &Ctx, out: &mut Report) {
    let (mut logging, mut unsure) = (Vec::<When>::new(), Vec::<When>::new());
    let mut names = Vec::new();
    for trail in cx.resources_of(&["AWS::CloudTrail::Trail"]) {
        for f in trail.at(cx, "IsLogging") {
            match f.val.and_then(Val::as_bool) {
                Some(true) => {
                    logging.push(f.when);
                    names.push(trail.id());
                }
                Some(false) => {}
                None if f.val.is_none() => {}
                None => unsure.push(f.when),
            }
        }
    }
    let env = &cx.eval.env;
    let all: Vec<When> = logging.iter().chain(&unsure).cloned().collect();
    for when in uncovered(env, &When::ALWAYS, &all) {
        let msg = if cx.has_type("AWS::CloudTrail::Trail") {
            "No API call logging: the stack's CloudTrail trails are not logging (IsLogging false)"
        } else {
            "No API call logging: the stack defines no AWS::CloudTrail::Trail"
        };
        out.fail(At { when, ..At::stack(cx) }, msg);
    }
    if covered_by_default(env, &When::ALWAYS, &logging) {
        names.dedup();
        out.pass(None, format!("CloudTrail trail {} records API calls", names.join(", ")));
    }
}
