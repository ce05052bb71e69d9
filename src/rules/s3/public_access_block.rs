//! S3-002: every bucket blocks public access with all four Block Public Access settings.

use crate::eval::{Found, Val, When};
use crate::rules::{Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "S3-002",
        slug: "s3-public-access-block",
        title: "S3 bucket without a complete public access block",
        strength: "S3 buckets block public access (all four Block Public Access settings)",
        service: "s3",
        category: Category::DataProtection,
        severity: Severity::Medium,
        tier: Tier::Medium,
        resource_types: &["AWS::S3::Bucket"],
        baseline: false,
        rationale: "Block Public Access overrides any ACL or bucket policy that would make the bucket or its objects public; it is the guard rail against a single mistaken grant.",
        risk: "A missing flag lets a later ACL (BlockPublicAcls/IgnorePublicAcls) or bucket policy (BlockPublicPolicy/RestrictPublicBuckets) expose objects to the internet.",
        impact: "One careless policy statement or object ACL publishes the bucket's data.",
        remediation: "Set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true (an absent flag is false).",
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
        let mut off = Vec::new();
        let mut first_off: Option<&Found> = None;
        let mut unknown = false;
        for (flag, f) in FLAGS.iter().zip(&picked) {
            match f.val.map(Val::as_bool) {
                None | Some(Some(false)) => {
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
                at.when = when;
                let msg = if off.len() == FLAGS.len() {
                    format!("bucket {} does not block public access (PublicAccessBlockConfiguration absent or all flags off)", res.id())
                } else {
                    format!("bucket {} leaves {} off in PublicAccessBlockConfiguration", res.id(), off.join(", "))
                };
                out.fail(at, msg);
            }
        }
    }
}
