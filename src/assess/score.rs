//! The security score.
//!
//! Each failing rule costs points by severity: critical 1.5, high 0.55, medium 0.2,
//! low 0.08, info 0. A rule failing on `n` resources costs `weight × (1 + log2(n) / 8)`, so
//! ten open buckets cost more than one but a big stack is not punished per resource.
//! Score = max(0, 10 − total cost), rounded to one decimal. Fixing a finding lowers `n`
//! or removes the rule's cost, so it never lowers the score (monotone), and the same
//! findings always give the same score (deterministic). Projections drop every finding of
//! a tier (and the tiers before it).

use serde::Serialize;

use super::PlanItem;
use crate::rules::{Severity, Tier};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    pub now: f64,
    pub after_high: f64,
    pub after_medium: f64,
    pub after_all: f64,
}

pub fn weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 1.5,
        Severity::High => 0.55,
        Severity::Medium => 0.2,
        Severity::Low => 0.08,
        Severity::Info => 0.0,
    }
}

pub fn cost(item: &PlanItem) -> f64 {
    if item.count == 0 {
        return 0.0;
    }
    weight(item.severity) * (1.0 + (item.count as f64).log2() / 8.0)
}

pub fn score(plan: &[(Tier, Vec<PlanItem>)]) -> Score {
    let after = |fixed: &[Tier]| {
        let total: f64 = plan
            .iter()
            .filter(|(t, _)| !fixed.contains(t))
            .flat_map(|(_, items)| items)
            .map(cost)
            .sum();
        ((10.0 - total).max(0.0) * 10.0).round() / 10.0
    };
    Score {
        now: after(&[]),
        after_high: after(&[Tier::High]),
        after_medium: after(&[Tier::High, Tier::Medium]),
        after_all: after(&[Tier::High, Tier::Medium, Tier::Low]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ALL;

    fn item(i: usize, count: usize) -> PlanItem {
        let rule = ALL[i % ALL.len()];
        PlanItem {
            rule: &rule.meta,
            severity: rule.meta.severity,
            count,
            resources: vec![],
        }
    }

    fn plan(items: Vec<PlanItem>) -> Vec<(Tier, Vec<PlanItem>)> {
        let mut by_tier: Vec<(Tier, Vec<PlanItem>)> = vec![
            (Tier::High, vec![]),
            (Tier::Medium, vec![]),
            (Tier::Low, vec![]),
        ];
        for it in items {
            let t = it.rule.tier;
            if let Some((_, v)) = by_tier.iter_mut().find(|(tier, _)| *tier == t) {
                v.push(it)
            }
        }
        by_tier
    }

    #[test]
    fn fixing_any_finding_never_lowers_the_score() {
        // Deterministic pseudo-random plans (an LCG): many shapes, same every run.
        let mut seed: u64 = 42;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        for _ in 0..500 {
            let n = 1 + next(12);
            let items: Vec<(usize, usize)> =
                (0..n).map(|_| (next(ALL.len()), 1 + next(20))).collect();
            let before = score(&plan(items.iter().map(|&(i, c)| item(i, c)).collect()));
            let fix = next(n);
            let after_items: Vec<PlanItem> = items
                .iter()
                .enumerate()
                .map(|(k, &(i, c))| item(i, if k == fix { c - 1 } else { c }))
                .collect();
            let after = score(&plan(after_items));
            assert!(after.now >= before.now, "{before:?} -> {after:?}");
            assert!(before.after_high >= before.now && before.after_all >= before.after_medium);
            assert_eq!(before.after_all, 10.0);
        }
    }

    #[test]
    fn no_findings_is_ten_and_costs_grow_with_count() {
        assert_eq!(score(&[]).now, 10.0);
        assert!(cost(&item(0, 10)) > cost(&item(0, 1)));
        assert!(cost(&item(0, 10)) < 10.0 * cost(&item(0, 1)));
    }
}
