//! S3-002: every bucket blocks public access with all four Block Public Access settings.

use crate::eval::{Found, Val, When};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-002",
        slug: "s3-public-access-block",
        title: "S3 bucket does not pin a complete public access block",
        strength: "S3 buckets pin Block Public Access in the template (all four settings)",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "Block Public Access overrides any ACL or bucket policy that would make the bucket or its objects public; it is the guard rail against a single mistaken grant. S3 turns all four settings on for new buckets since April 2023, so a template without PublicAccessBlockConfiguration starts out blocked, but nothing in the template keeps it so. A template that sets a flag to false (or leaves one out of PublicAccessBlockConfiguration, which makes it false) turns that protection off: the rule stays Low, and its message says when a flag is explicitly off.",
        risk: "Without the settings in code, an account-level change or a console click can turn Block Public Access off unnoticed; a flag turned off in the template lets a later ACL (BlockPublicAcls/IgnorePublicAcls) or bucket policy (BlockPublicPolicy/RestrictPublicBuckets) expose objects to the internet.",
        impact: "Once the block is off, one careless policy statement or object ACL publishes the bucket's data.",
        remediation: "Pin PublicAccessBlockConfiguration in the template with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true (a flag left out of the block is false).",
        fix: Fix {
            yaml: "PublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  BlockPublicPolicy: true\n  IgnorePublicAcls: true\n  RestrictPublicBuckets: true",
            json: "\"PublicAccessBlockConfiguration\": {\n  \"BlockPublicAcls\": true,\n  \"BlockPublicPolicy\": true,\n  \"IgnorePublicAcls\": true,\n  \"RestrictPublicBuckets\": true\n}",
            cdk: "new s3.Bucket(this, 'Bucket', {\n  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,\n});",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-publicaccessblockconfiguration.html",
        ],
        aliases: &[
            "CKV_AWS_53",
            "CKV_AWS_54",
            "CKV_AWS_55",
            "CKV_AWS_56",
            "AwsSolutions-S2",
            "AVD-AWS-0086",
            "AVD-AWS-0087",
            "AVD-AWS-0091",
            "AVD-AWS-0093",
            "AVD-AWS-0094",
        ],
    },
    check: Check::Resource(check),
};

const FLAGS: [&str; 4] = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"];

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let env = &cx.eval.env;
    // Every combination of the four flags' outcomes that can happen together.
    let mut combos: Vec<(When, Vec<Found>)> = vec![(res.when.clone(), vec![])];
    for flag in FLAGS {
        let outcomes = res.at(cx, &format!("PublicAccessBlockConfiguration/{flag}"));
        let mut next = Vec::new();
        for (when, picked) in &combos {
            for f in &outcomes {
                let Some(w) = env.and(when, &f.when) else { continue };
                let mut p = picked.clone();
                p.push(f.clone());
                next.push((w, p));
            }
        }
        combos = next;
    }
    for (when, picked) in combos {
        // Flags set to false, and flags left out of the block (which makes them false).
        let (mut off, mut left_out) = (Vec::new(), Vec::new());
        let mut first_off: Option<&Found> = None;
        let mut unknown = false;
        for (flag, f) in FLAGS.iter().zip(&picked) {
            match f.val.map(Val::as_bool) {
                None => {
                    left_out.push(*flag);
                    first_off.get_or_insert(f);
                }
                Some(Some(false)) => {
                    off.push(*flag);
                    first_off.get_or_insert(f);
                }
                Some(Some(true)) => {}
                Some(None) => unknown = true,
            }
        }
        match first_off {
            // A flag is not known statically: no verdict (flags known to be off still fail).
            None if unknown => {}
            None => out.pass(Some(res.index), format!("bucket {}: all four Block Public Access settings on", res.id())),
            Some(f) => {
                let mut at = res.at_found(f);
                at.when = when.clone();
                let pinned = res
                    .at(cx, "PublicAccessBlockConfiguration")
                    .iter()
                    .any(|b| b.val.is_some() && env.and(&when, &b.when).is_some());
                let msg = if !pinned {
                    format!(
                        "bucket {} does not pin Block Public Access in the template (no PublicAccessBlockConfiguration): S3 turns all four settings on for new buckets, but an account-level or console change can turn them off; pin them in code",
                        res.id()
                    )
                } else {
                    let mut what = Vec::new();
                    if !off.is_empty() {
                        what.push(format!("turns off {} in PublicAccessBlockConfiguration", off.join(", ")));
                    }
                    if !left_out.is_empty() {
                        what.push(format!("leaves {} out of PublicAccessBlockConfiguration, which turns it off", left_out.join(", ")));
                    }
                    format!(
                        "bucket {} {}: a later ACL or bucket policy can make objects public (an explicit opt-out, Medium-worthy although this rule is Low)",
                        res.id(),
                        what.join(" and ")
                    )
                };
                out.fail(at, msg);
            }
        }
    }
}
