//! The rule catalogue: `hardstack rules` (a table or JSON) and `hardstack explain ID`.

use std::fmt::Write;

use serde::Serialize;

use crate::rules::{Meta, Rule};

/// The rule an id, slug or peer alias (`CKV_AWS_19`, `W41`, `AwsSolutions-S1`) names.
pub fn lookup<'a>(rules: &[&'a Rule], name: &str) -> Option<&'a Rule> {
    let name = name.trim();
    let by = |f: &dyn Fn(&Meta) -> bool| rules.iter().copied().find(|r| f(&r.meta));
    by(&|m| m.id.eq_ignore_ascii_case(name))
        .or_else(|| by(&|m| m.slug.eq_ignore_ascii_case(name)))
        .or_else(|| by(&|m| m.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))))
}

/// One row per rule: id, severity, tier, service, title, aliases.
pub fn table(rules: &[&Rule]) -> String {
    let head = ["ID", "SEVERITY", "TIER", "SERVICE", "TITLE", "ALIASES"];
    let rows: Vec<[String; 6]> = rules
        .iter()
        .map(|r| {
            let m = &r.meta;
            [
                m.id.to_string(),
                m.severity.as_str().to_string(),
                tier_word(m).to_string(),
                m.service.to_string(),
                m.title.to_string(),
                m.aliases.join(", "),
            ]
        })
        .collect();
    let mut widths = head.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(cell);
            } else {
                let _ = write!(l, "{cell:<w$}  ", w = widths[i]);
            }
        }
        let _ = writeln!(out, "{}", l.trim_end());
    };
    line(&mut out, &head);
    for row in &rows {
        line(&mut out, &row.each_ref().map(String::as_str));
    }
    out
}

fn tier_word(m: &Meta) -> &'static str {
    match m.tier {
        crate::rules::Tier::High => "high",
        crate::rules::Tier::Medium => "medium",
        crate::rules::Tier::Low => "low",
    }
}

#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    slug: &'a str,
    severity: crate::rules::Severity,
    tier: crate::rules::Tier,
    service: &'a str,
    category: crate::rules::Category,
    title: &'a str,
    aliases: &'a [&'a str],
}

pub fn json(rules: &[&Rule]) -> String {
    let rows: Vec<RuleRow> = rules
        .iter()
        .map(|r| {
            let m = &r.meta;
            RuleRow {
                id: m.id,
                slug: m.slug,
                severity: m.severity,
                tier: m.tier,
                service: m.service,
                category: m.category,
                title: m.title,
                aliases: m.aliases,
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Everything the metadata says about one rule.
pub fn explain(m: &Meta) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", m.id, m.slug);
    let _ = writeln!(out, "{}\n", m.title);
    let _ = writeln!(
        out,
        "Severity: {}   Tier: {}   Service: {}   Category: {}{}\n",
        m.severity.as_str(),
        m.tier.title(),
        m.service,
        m.category.title(),
        if m.baseline {
            "   (account baseline)"
        } else {
            ""
        }
    );
    let section = |out: &mut String, title: &str, body: &str| {
        if body.trim().is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}:");
        for l in body.lines() {
            let _ = writeln!(out, "  {l}");
        }
        out.push('\n');
    };
    section(&mut out, "Passing looks like", m.strength);
    section(&mut out, "Rationale", m.rationale);
    section(&mut out, "Risk", m.risk);
    section(&mut out, "Impact", m.impact);
    section(&mut out, "Remediation", m.remediation);
    section(&mut out, "Fix (YAML)", m.fix.yaml);
    section(&mut out, "Fix (JSON)", m.fix.json);
    section(&mut out, "Fix (CDK, TypeScript)", m.fix.cdk);
    if !m.references.is_empty() {
        out.push_str("References:\n");
        for r in m.references {
            let _ = writeln!(out, "  - {r}");
        }
        out.push('\n');
    }
    let aliases = if m.aliases.is_empty() {
        "none".to_string()
    } else {
        m.aliases.join(", ")
    };
    let _ = writeln!(out, "Aliases: {aliases}");
    out
}
