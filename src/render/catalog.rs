//! The rule catalogue: `hardstack rules` (a table, JSON, or the Markdown of
//! `docs/rules.md`) and `hardstack explain ID`.

use std::fmt::Write;

use serde::Serialize;

use crate::rules::{Meta, Rule, Severity, Tier};

/// The rule an id, slug or peer alias (`CKV_AWS_19`, `W41`, `AwsSolutions-S1`) names.
pub fn lookup<'a>(rules: &[&'a Rule], name: &str) -> Option<&'a Rule> {
    let name = name.trim();
    let by = |f: &dyn Fn(&Meta) -> bool| rules.iter().copied().find(|r| f(&r.meta));
    by(&|m| m.id.eq_ignore_ascii_case(name))
        .or_else(|| by(&|m| m.slug.eq_ignore_ascii_case(name)))
        .or_else(|| by(&|m| m.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))))
}

/// What `hardstack rules` lists (`None`: anything).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// An id, slug, alias or service prefix ([`crate::matches_pattern`]).
    pub pattern: Option<&'a str>,
    pub service: Option<&'a str>,
    pub severity: Option<Severity>,
    pub tier: Option<Tier>,
}

/// The rules a filter picks, in registry order.
pub fn filter<'a>(rules: &[&'a Rule], f: &Filter) -> Vec<&'a Rule> {
    rules
        .iter()
        .copied()
        .filter(|r| {
            let m = &r.meta;
            f.pattern.is_none_or(|p| crate::matches_pattern(m, p))
                && f.service
                    .is_none_or(|s| m.service.eq_ignore_ascii_case(s.trim()))
                && f.severity.is_none_or(|s| m.severity == s)
                && f.tier.is_none_or(|t| m.tier == t)
        })
        .collect()
}

/// Whether hardstack can fix the rule's findings itself. No rule is auto-fixable yet;
/// every explanation gives the fix to apply by hand.
pub fn fixable(_: &Meta) -> bool {
    false
}

/// One row per rule: id, severity, tier, service, title, aliases, fixable.
pub fn table(rules: &[&Rule]) -> String {
    let head = [
        "ID", "SEVERITY", "TIER", "SERVICE", "FIXABLE", "TITLE", "ALIASES",
    ];
    let rows: Vec<[String; 7]> = rules
        .iter()
        .map(|r| {
            let m = &r.meta;
            [
                m.id.to_string(),
                m.severity.as_str().to_string(),
                tier_word(m).to_string(),
                m.service.to_string(),
                yes_no(fixable(m)).to_string(),
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

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
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
    fixable: bool,
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
                fixable: fixable(m),
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
    let _ = writeln!(
        out,
        "Auto-fixable: {} (apply the fix above by hand)",
        yes_no(fixable(m))
    );
    out
}

/// The command that regenerates `docs/rules.md`.
pub const DOCS_COMMAND: &str = "cargo run -- rules --format markdown > docs/rules.md";

/// `docs/rules.md`: an index table, then one section per rule (anchor: the id in lower
/// case) with everything `explain` says.
pub fn markdown(rules: &[&Rule]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    out.push_str("# hardstack rules\n\n");
    let _ = writeln!(
        out,
        "<!-- Generated from the rule metadata by `{DOCS_COMMAND}`; do not edit. -->\n"
    );
    let _ = writeln!(
        out,
        "{} rules. `hardstack explain ID` prints the same text for one rule; `hardstack rules` lists them. No rule is auto-fixable yet: each gives the fix to apply.\n",
        rules.len()
    );
    out.push_str("| id | severity | tier | service | title | aliases | fixable |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for r in rules {
        let m = &r.meta;
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} | {} | {} |",
            m.id,
            m.id.to_ascii_lowercase(),
            m.severity.as_str(),
            tier_word(m),
            m.service,
            cell(m.title),
            cell(&m.aliases.join(", ")),
            yes_no(fixable(m))
        );
    }
    for r in rules {
        let m = &r.meta;
        let _ = writeln!(
            out,
            "\n<a id=\"{}\"></a>\n\n## {}: {}\n",
            m.id.to_ascii_lowercase(),
            m.id,
            m.title
        );
        let _ = writeln!(
            out,
            "`{}` · severity **{}** · {} · service `{}` · {}{}\n",
            m.slug,
            m.severity.as_str(),
            m.tier.title(),
            m.service,
            m.category.title(),
            if m.baseline {
                " · account baseline (`--no-account-baseline` skips it)"
            } else {
                ""
            }
        );
        let para = |out: &mut String, title: &str, body: &str| {
            if !body.trim().is_empty() {
                let _ = writeln!(out, "**{title}.** {}\n", body.trim());
            }
        };
        para(&mut out, "Passing looks like", m.strength);
        para(&mut out, "Rationale", m.rationale);
        para(&mut out, "Risk", m.risk);
        para(&mut out, "Impact", m.impact);
        para(&mut out, "Remediation", m.remediation);
        let code = |out: &mut String, title: &str, lang: &str, body: &str| {
            if !body.trim().is_empty() {
                let _ = writeln!(out, "{title}:\n\n```{lang}\n{}\n```\n", body.trim_end());
            }
        };
        code(&mut out, "Fix (YAML)", "yaml", m.fix.yaml);
        code(&mut out, "Fix (JSON)", "json", m.fix.json);
        code(&mut out, "Fix (CDK, TypeScript)", "ts", m.fix.cdk);
        if !m.references.is_empty() {
            out.push_str("References:\n\n");
            for r in m.references {
                let _ = writeln!(out, "- <{r}>");
            }
            out.push('\n');
        }
        let aliases = if m.aliases.is_empty() {
            "none".to_string()
        } else {
            m.aliases
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "Peer aliases: {aliases}. Auto-fixable: {}.",
            yes_no(fixable(m))
        );
    }
    out
}
