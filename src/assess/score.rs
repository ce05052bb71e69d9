//! The security score.
//!
//! Each failing rule costs points by severity: critical 1.5, high 0.5, medium 0.25,
//! low 0.1, info 0. A rule failing on `n` resources costs `weight × (1 + log2(n) / 4)`, so
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
        Severity::High => 0.5,
        Severity::Medium => 0.25,
        Severity::Low => 0.1,
        Severity::Info => 0.0,
    }
}

pub fn cost(item: &PlanItem) -> f64 {
    if item.count == 0 {
        return 0.0;
    }
    weight(item.severity) * (1.0 + (item.count as f64).log2() / 4.0)
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
