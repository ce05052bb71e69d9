//! TAG-001: taggable resources carry the tags the organisation requires.

use crate::rules::support::scenarios::uncovered;
use crate::rules::support::tags::{is_taggable, tag_sets};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Res, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "TAG-001",
        slug: "tags-required",
        title: "Resource without a required tag",
        strength: "Resources carry the organisation's required tags",
        service: "tags",
        category: Category::Governance,
        severity: Severity::Low,
        tier: Tier::Medium,
        resource_types: &[],
        baseline: false,
        rationale: "Required tags (owner, environment, data classification) are what tag policies, tag-based access control, backup plans and cost reports key on.",
        risk: "A resource without them escapes tag-scoped controls (aws:ResourceTag conditions, backup selections, SCP tag policies) and has no accountable owner.",
        impact: "Governance and cost controls silently miss the resource; incident responders cannot tell who owns it or how sensitive its data is.",
        remediation: "Add each required tag with the required value (set them once at stack level, or with Tags.of(scope).add in CDK).",
        fix: Fix {
            yaml: "Tags:\n  - Key: Environment\n    Value: Production\n  - Key: Owner\n    Value: platform-team",
            json: "\"Tags\": [\n  {\"Key\": \"Environment\", \"Value\": \"Production\"},\n  {\"Key\": \"Owner\", \"Value\": \"platform-team\"}\n]",
            cdk: "Tags.of(this).add('Environment', 'Production');\nTags.of(this).add('Owner', 'platform-team');",
        },
        references: &[
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html",
        ],
        aliases: &[],
    },
    check: Check::Resource(check),
};

fn check(cx: &Ctx, res: &Res, out: &mut Report) {
    let required = &cx.config.required_tags;
    if required.is_empty() || !is_taggable(&res.resource.typ) {
        return;
    }
    let env = &cx.eval.env;
    for set in tag_sets(cx, res) {
        let mut ok = set.complete;
        for (key, want) in required {
            if set.complete {
                for when in uncovered(env, &set.when, &set.carries(key)) {
                    ok &= !env.holds_by_default(&when);
                    out.fail(At { when, ..set.at.clone() }, format!("{} lacks required tag {key}", res.id()));
                }
            }
            let Some(want) = want else { continue };
            for tag in set.tags.iter().filter(|t| &t.key == key) {
                for (vw, value) in &tag.values {
                    let Some(when) = env.and(&set.when, &tag.when).and_then(|w| env.and(&w, vw)) else { continue };
                    match value {
                        Some(v) if v == want => {}
                        Some(v) => {
                            ok &= !env.holds_by_default(&when);
                            out.fail(At { when, ..set.at.clone() }, format!("{} has tag {key}={v}; required {key}={want}", res.id()));
                        }
                        None => ok = false,
                    }
                }
            }
        }
        if ok {
            let names: Vec<String> =
                required.iter().map(|(k, v)| v.as_ref().map_or_else(|| k.clone(), |v| format!("{k}={v}"))).collect();
            out.pass(Some(res.index), format!("{} carries {}", res.id(), names.join(", ")));
        }
    }
}
