//! CT-002: trails cover every region, validate log files and encrypt with KMS.

use crate::eval::Val;
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "CT-002",
        slug: "cloudtrail-trail-settings",
        title: "CloudTrail trail not multi-region, not validated or not KMS-encrypted",
        strength: "CloudTrail trails are multi-region, validated and KMS-encrypted",
        service: "cloudtrail",
        category: Category::Audit,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::CloudTrail::Trail"],
        baseline: false,
        rationale: "A trail is only trustworthy evidence when it sees every region, its files can be proven untampered (digest files), and only key holders can read it.",
        risk: "A single-region trail misses activity in regions you do not use (a favourite place for attackers to run instances); without validation, log files can be edited or deleted unnoticed; SSE-S3 logs are readable by anyone with bucket read access.",
        impact: "Gaps and doubt in the audit record exactly when an investigation needs it.",
        remediation: "Set IsMultiRegionTrail: true, EnableLogFileValidation: true and KMSKeyId to a customer-managed key whose policy lets CloudTrail encrypt.",
        fix: Fix {
            yaml: "IsMultiRegionTrail: true\nEnableLogFileValidation: true\nKMSKeyId: !Ref TrailKey",
            json: "\"IsMultiRegionTrail\": true,\n\"EnableLogFileValidation\": true,\n\"KMSKeyId\": {\"Ref\": \"TrailKey\"}",
            cdk: "new cloudtrail.Trail(this, 'Trail', {\n  isMultiRegionTrail: true,\n  enableFileValidation: true,\n  encryptionKey: trailKey,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        ],
        aliases: &["CKV_AWS_35", "CKV_AWS_36", "CKV_AWS_67", "AVD-AWS-0014", "AVD-AWS-0015", "AVD-AWS-0016"],
    },
    check: Check::Resource(check),
};

const FLAGS: [(&str, &str); 2] = [
    ("IsMultiRegionTrail", "records only its own region (IsMultiRegionTrail not true)"),
    ("EnableLogFileValidation", "does not validate log files (EnableLogFileValidation not true)"),
];

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let mut good = true;
    for (prop, problem) in FLAGS {
        for f in res.at(cx, prop) {
            match f.val.map(Val::as_bool) {
                None | Some(Some(false)) => {
                    good &= !cx.eval.env.holds_by_default(&f.when);
                    out.fail(res.at_found(&f), format!("trail {} {problem}", res.id()));
                }
                Some(Some(true)) => {}
                Some(None) => good = false,
            }
        }
    }
    for f in res.at(cx, "KMSKeyId") {
        match f.val {
            None => {
                good &= !cx.eval.env.holds_by_default(&f.when);
                out.fail(res.at_found(&f), format!("trail {} does not encrypt logs with a KMS key (no KMSKeyId)", res.id()));
            }
            Some(v) if v.as_str() == Some("") => {
                good &= !cx.eval.env.holds_by_default(&f.when);
                out.fail(res.at_found(&f), format!("trail {} has an empty KMSKeyId", res.id()));
            }
            // Set from a value not known statically: no finding, but no pass either.
            Some(v) if v.is_unknown() => good = false,
            Some(_) => {}
        }
    }
    if good {
        out.pass(Some(res.index), format!("trail {}: multi-region, log file validation, SSE-KMS", res.id()));
    }
}
