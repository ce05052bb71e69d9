//! TAG-003: the stack tags its resources at all (a convention exists to be kept).

use std::collections::BTreeMap;

use crate::rules::support::tags::{is_taggable, tag_sets};
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "TAG-003",
        slug: "tags-convention",
        title: "No tagging convention: none of the stack's resources carry tags",
        strength: "Consistent tagging for governance",
        service: "tags",
        category: Category::Governance,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &[],
        baseline: false,
        rationale: "Ownership, environment and cost-centre tags are how an organisation finds who runs a resource, scopes tag-based IAM conditions and allocates cost.",
        risk: "Untagged stacks fall outside tag-scoped controls (aws:ResourceTag conditions, backup and patch selections) and cannot be attributed to an owner in an incident.",
        impact: "Slower incident response and unattributable cost; governance reports cannot cover the stack.",
        remediation: "Tag every taggable resource with at least Environment and Owner; stack-level tags (or Tags.of(scope).add in CDK) apply them everywhere at once.",
        fix: Fix {
            yaml: "Tags:\n  - Key: Environment\n    Value: !Ref Environment\n  - Key: Owner\n    Value: platform-team",
            json: "\"Tags\": [\n  {\"Key\": \"Environment\", \"Value\": {\"Ref\": \"Environment\"}},\n  {\"Key\": \"Owner\", \"Value\": \"platform-team\"}\n]",
            cdk: "Tags.of(app).add('Environment', 'Production');\nTags.of(app).add('Owner', 'platform-team');",
        },
        references: &["https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html"],
        aliases: &[],
    },
    check: Check::Stack(check),
};

/// Fewer taggable resources than this and a convention means little either way.
const MIN_RESOURCES: usize = 3;

fn check(cx: &Ctx, out: &mut Report) {
    let taggable: Vec<_> = cx.resources_of(&[]).into_iter().filter(|r| is_taggable(&r.resource.typ)).collect();
    if taggable.len() < MIN_RESOURCES {
        return;
    }
    // Keys by the number of resources carrying them (in their default deployment or any).
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown = false;
    for r in &taggable {
        let sets = tag_sets(cx, r);
        unknown |= sets.iter().any(|s| !s.complete);
        let mut keys: Vec<String> = sets.iter().flat_map(|s| s.keys()).map(str::to_string).collect();
        keys.sort();
        keys.dedup();
        for k in keys.into_iter().filter(|k| !k.starts_with("aws:")) {
            *counts.entry(k).or_default() += 1;
        }
    }
    let total = taggable.len();
    let mut convention: Vec<(String, usize)> = counts.into_iter().filter(|&(_, n)| n * 2 >= total).collect();
    convention.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !convention.is_empty() {
        let keys: Vec<String> = convention.iter().map(|(k, n)| format!("{k} on {n} of {total}")).collect();
        out.pass(None, format!("taggable resources carry {}", keys.join(", ")));
    } else if !unknown && taggable.iter().all(|r| tag_sets(cx, r).iter().all(|s| s.tags.is_empty())) {
        out.fail(At::stack(cx), format!("none of the {total} taggable resources carries a tag"));
    }
}
