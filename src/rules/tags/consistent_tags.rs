//! TAG-002: the stack's own tagging convention is applied to every taggable resource.

use std::collections::BTreeMap;

use crate::rules::support::scenarios::uncovered;
use crate::rules::support::tags::{is_taggable, tag_sets};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "TAG-002",
        slug: "tags-consistent",
        title: "Resource misses a tag the rest of the stack carries",
        strength: "Every taggable resource carries the stack's tags",
        service: "tags",
        category: Category::Governance,
        severity: Severity::Low,
        tier: Tier::Medium,
        resource_types: &[],
        baseline: false,
        rationale: "Tags such as Environment, Owner or CostCenter drive cost allocation, ownership lookups, tag-based access control (aws:ResourceTag) and automated clean-up; they only work when every resource carries them.",
        risk: "An untagged resource falls outside tag-based IAM conditions, backup and patch selections, and cost reports; nobody knows who owns it when it misbehaves.",
        impact: "Orphaned or unowned resources, gaps in tag-scoped security controls, and cost that cannot be attributed.",
        remediation: "Add the missing tag to the resource, or set the tags once for the whole stack (stack-level tags propagate to supported resources; in CDK use Tags.of(scope).add).",
        fix: Fix {
            yaml: "Tags:\n  - Key: Environment\n    Value: !Ref Environment\n  - Key: Owner\n    Value: platform-team",
            json: "\"Tags\": [\n  {\"Key\": \"Environment\", \"Value\": {\"Ref\": \"Environment\"}},\n  {\"Key\": \"Owner\", \"Value\": \"platform-team\"}\n]",
            cdk: "Tags.of(this).add('Environment', props.environment);\nTags.of(this).add('Owner', 'platform-team');",
        },
        references: &[
            "https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

fn check(cx: &Ctx, out: &mut Report) {
    let env = &cx.eval.env;
    let required: Vec<&str> = cx.config.required_tags.iter().map(|(k, _)| k.as_str()).collect();
    let items: Vec<_> = cx
        .resources_of(&[])
        .into_iter()
        .filter(|r| is_taggable(&r.resource.typ))
        .map(|r| {
            let sets = tag_sets(cx, &r);
            (r, sets)
        })
        .collect();
    let tagged: Vec<&(_, Vec<_>)> = items.iter().filter(|(_, sets)| sets.iter().any(|s| !s.tags.is_empty())).collect();
    if tagged.len() < 2 {
        return;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, sets) in &tagged {
        let mut keys: Vec<&str> = sets.iter().flat_map(|s| s.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let total = tagged.len();
    let convention: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(k, n)| n >= 2 && n * 2 >= total && !required.contains(&k) && !k.starts_with("aws:"))
        .collect();
    if convention.is_empty() {
        return;
    }
    let mut consistent = true;
    for (res, sets) in &items {
        for set in sets {
            if !set.complete {
                consistent = false;
                continue;
            }
            for &(key, n) in &convention {
                for when in uncovered(env, &set.when, &set.carries(key)) {
                    consistent = false;
                    out.fail(
                        At { when, ..set.at.clone() },
                        format!("Resource {} lacks tag {key} carried by {n} of {total} tagged resources", res.id()),
                    );
                }
            }
        }
    }
    if consistent {
        let keys: Vec<&str> = convention.iter().map(|(k, _)| *k).collect();
        out.pass(None, format!("all {} taggable resources carry {}", items.len(), keys.join(", ")));
    }
}
