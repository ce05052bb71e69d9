//! The Markdown review, laid out like the hand-written one in `shared/seed/`: posture
//! strengths, one numbered section per failing rule (current issue with the offending
//! lines, risk, impact, improvement with fix code), conditional findings, the
//! prioritised plan and the score with its projections.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Report, one_line, sanitize, score};
use crate::assess::{Finding, counts};
use crate::load::Format;
use crate::rules::Meta;

/// Findings shown with their snippet per rule; the rest are listed by location only.
const MAX_SNIPPETS: usize = 5;
/// Evidence items shown per strength.
const MAX_EVIDENCE: usize = 3;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let a = &report.assessment;
    let _ = writeln!(
        out,
        "# Security Analysis and Improvements for {}\n",
        inline(&report.target)
    );
    let resources: usize = report.reports.iter().map(|r| r.resources).sum();
    let _ = writeln!(
        out,
        "_{} {} scanned ({} resources) by {} {}._\n",
        report.reports.len(),
        if report.reports.len() == 1 {
            "template"
        } else {
            "templates"
        },
        resources,
        report.tool,
        report.version
    );

    out.push_str("## Current Security Posture Analysis\n\n");
    out.push_str("### ✅ Security Best Practices Already Implemented\n\n");
    // One numbered item per posture category, as the sample review groups them; each
    // strength's evidence below it.
    let mut n = 0;
    for (category, strengths) in &a.strengths {
        n += 1;
        let summary: Vec<&str> = strengths.iter().map(|s| s.rule.strength).collect();
        let _ = writeln!(out, "{n}. **{}**: {}", category.title(), summary.join("; "));
        for s in strengths {
            let shown: Vec<String> = s
                .evidence
                .iter()
                .take(MAX_EVIDENCE)
                .map(|e| one_line(e))
                .collect();
            let more = s.evidence.len().saturating_sub(MAX_EVIDENCE);
            let mut evidence = shown.join("; ");
            if more > 0 {
                let _ = write!(evidence, "; and {more} more");
            }
            let _ = writeln!(out, "   - {} ({evidence})", s.rule.id);
        }
    }
    if n == 0 {
        out.push_str("_No passing checks were recorded._\n");
    }
    out.push('\n');

    out.push_str("### ⚠️ Security Issues Identified and Improvements Needed\n\n");
    let formats: BTreeMap<&std::path::Path, Format> = report
        .reports
        .iter()
        .map(|r| (r.path.as_path(), r.format))
        .collect();
    let cdk_files: std::collections::BTreeSet<&std::path::Path> = report
        .reports
        .iter()
        .filter(|r| r.stack.is_some())
        .map(|r| r.path.as_path())
        .collect();
    let format_of = |f: &Finding| {
        formats
            .get(f.file.as_path())
            .copied()
            .unwrap_or(Format::Yaml)
    };
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in report.findings().filter(|f| counts(f)) {
        by_rule.entry(f.rule.id).or_default().push(f);
    }
    let ordered: Vec<&crate::assess::PlanItem> =
        a.plan.iter().flat_map(|(_, items)| items).collect();
    if ordered.is_empty() {
        out.push_str("_No issues found._\n\n");
    }
    for (i, item) in ordered.iter().enumerate() {
        let meta = item.rule;
        let findings = by_rule.get(meta.id).map(Vec::as_slice).unwrap_or(&[]);
        let _ = writeln!(out, "## {}. **{}**\n", i + 1, meta.title);
        let _ = writeln!(
            out,
            "_{} · {} · {}_\n",
            meta.id,
            item.severity.title(),
            meta.tier.title()
        );
        if let [f] = findings {
            let _ = writeln!(out, "**Current Issue**: {}", located(report, f));
            if !f.snippet.is_empty() {
                let _ = writeln!(out, "{}", fenced(lang(format_of(f)), &f.snippet, ""));
            }
        } else {
            out.push_str("**Current Issue**:\n");
            for (k, f) in findings.iter().enumerate() {
                let _ = writeln!(out, "- {}", located(report, f));
                if k < MAX_SNIPPETS && !f.snippet.is_empty() {
                    let _ = writeln!(out, "{}", fenced(lang(format_of(f)), &f.snippet, "  "));
                }
            }
            if findings.len() > MAX_SNIPPETS {
                let _ = writeln!(
                    out,
                    "\n_Snippets shown for the first {MAX_SNIPPETS} of {} findings._",
                    findings.len()
                );
            }
            out.push('\n');
        }
        let sev = item.severity.title();
        let _ = writeln!(out, "**Security Risk**: {sev} - {}\n", meta.risk);
        let _ = writeln!(out, "**Impact**: {sev} - {}\n", meta.impact);
        let _ = writeln!(out, "**Improvement**: {}", meta.remediation);
        // CDK users fix the construct, not the synthesized template.
        let from_cdk = findings
            .iter()
            .all(|f| cdk_files.contains(f.file.as_path()));
        if from_cdk && !meta.fix.cdk.trim().is_empty() {
            let _ = writeln!(out, "{}", fenced("typescript", meta.fix.cdk, ""));
        } else {
            let mut used: Vec<Format> = findings.iter().map(|f| format_of(f)).collect();
            used.sort_by_key(|f| matches!(f, Format::Json));
            used.dedup();
            out.push_str(&fixes(meta, &used));
        }
        out.push('\n');
    }

    let conditional: Vec<&Finding> = report
        .findings()
        .filter(|f| f.suppressed.is_none() && !counts(f))
        .collect();
    if !conditional.is_empty() {
        out.push_str("### Conditional findings\n\n");
        out.push_str("These hold only in some deployments (a parameter changed from its default) or are informational; they do not count in the score.\n\n");
        for f in conditional {
            let when = f
                .when
                .as_deref()
                .map(|w| format!(" — when: {}", inline(w)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** {}: {}{when}",
                f.rule.id,
                f.rule.title,
                located(report, f)
            );
        }
        out.push('\n');
    }

    let suppressed: Vec<&Finding> = report
        .findings()
        .filter(|f| f.suppressed.is_some())
        .collect();
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            out,
            "Against the baseline `{}`: {} new, {} baselined, {} fixed since the baseline.\n",
            inline(&report.path(&b.source)),
            b.new,
            b.baselined,
            b.fixed
        );
    }
    if !suppressed.is_empty() {
        out.push_str("### Suppressed findings\n\n");
        for f in suppressed {
            let s = f
                .suppressed
                .as_ref()
                .map(|s| format!("{} ({})", inline(&s.reason), inline(&s.origin)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** {}: {} — suppressed: {s}",
                f.rule.id,
                f.rule.title,
                located(report, f)
            );
        }
        out.push('\n');
    }

    if let Some(reqs) = &report.requirements {
        out.push_str(&requirements(report, reqs));
    }

    out.push_str("## Priority Security Improvements\n\n");
    let mut k = 0;
    for tier in [
        crate::rules::Tier::High,
        crate::rules::Tier::Medium,
        crate::rules::Tier::Low,
    ] {
        let _ = writeln!(out, "### **{}**\n", tier.title());
        let items = a
            .plan
            .iter()
            .find(|(t, _)| *t == tier)
            .map(|(_, items)| items.as_slice())
            .unwrap_or(&[]);
        if items.is_empty() {
            out.push_str("_Nothing in this tier._\n");
        }
        for item in items {
            k += 1;
            let what = if item.count == 1 {
                "1 finding".to_string()
            } else {
                format!("{} findings", item.count)
            };
            let on = if item.resources.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    item.resources
                        .iter()
                        .map(|r| format!("`{}`", inline(r)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let _ = writeln!(
                out,
                "{k}. {} ({}, {}, {what}){on}",
                item.rule.title,
                item.rule.id,
                item.severity.as_str()
            );
        }
        out.push('\n');
    }

    let s = &a.score;
    out.push_str("## Estimated Security Score\n\n");
    let _ = writeln!(
        out,
        "- **Current**: {}/10 ({})",
        score(s.now),
        verdict(s.now)
    );
    let _ = writeln!(
        out,
        "- **After High Priority**: {}/10 ({})",
        score(s.after_high),
        verdict(s.after_high)
    );
    let _ = writeln!(
        out,
        "- **After All Improvements**: {}/10 ({})",
        score(s.after_all),
        verdict(s.after_all)
    );

    let diagnostics: usize = report.reports.iter().map(|r| r.diagnostics.len()).sum();
    if !report.errors.is_empty() || !report.walk_errors.is_empty() || diagnostics > 0 {
        out.push_str("\n## Load problems\n\n");
        for e in report.errors {
            let _ = writeln!(
                out,
                "- `{}:{}:{}`: error: {}",
                report.path(&e.path),
                e.pos.line.max(1),
                e.pos.col.max(1),
                inline(&e.kind.to_string())
            );
        }
        for e in &report.walk_errors {
            let _ = writeln!(out, "- error: {}", inline(e));
        }
        for r in report.reports {
            for d in &r.diagnostics {
                let _ = writeln!(
                    out,
                    "- `{}:{}:{}`: warning: {}",
                    report.path(&r.path),
                    d.span.start.line.max(1),
                    d.span.start.col.max(1),
                    inline(&d.message)
                );
            }
        }
    }
    out
}

/// Evidence items shown per requirement for each side (satisfying, breaking).
const MAX_REQUIREMENT_EVIDENCE: usize = 8;

/// The "Requirements compliance" section, laid out like the sample's compliance check:
/// one numbered line per requirement with its status mark, then its evidence.
fn requirements(report: &Report, reqs: &super::Requirements) -> String {
    use crate::assess::requirements::Status;
    let mut out = String::from("## Requirements compliance\n\n");
    let _ = writeln!(
        out,
        "_Requirements from `{}`: {}._\n",
        report.path(&reqs.source),
        reqs.tally()
    );
    if reqs.results.is_empty() {
        out.push_str("_The file lists no requirements._\n\n");
        return out;
    }
    for (i, r) in reqs.results.iter().enumerate() {
        let mark = match r.status {
            Status::Met => "✅",
            Status::PartlyMet => "⚠️",
            Status::NotMet => "❌",
            Status::Unknown => "❔",
        };
        let _ = writeln!(
            out,
            "{}. {mark} **{}** — {}: {}",
            i + 1,
            inline(&r.title),
            r.status.label(),
            inline(&r.summary)
        );
        if let Some(s) = &r.scenarios {
            let _ = writeln!(out, "   - _Scenarios_: {}", inline(s));
        }
        // What breaks it first, then what satisfies it.
        for ok in [false, true] {
            let items: Vec<_> = r.evidence.iter().filter(|e| e.ok == ok).collect();
            for e in items.iter().take(MAX_REQUIREMENT_EVIDENCE) {
                let at = match e.line {
                    Some(l) => format!("`{}:{l}`", report.path(&e.file)),
                    None => format!("`{}`", report.path(&e.file)),
                };
                let res = e
                    .resource
                    .as_deref()
                    .map(|r| format!(" (`{}`)", inline(r)))
                    .unwrap_or_default();
                let when = e
                    .when
                    .as_deref()
                    .map(|w| format!(" — when {}", inline(w)))
                    .unwrap_or_default();
                let rule = e
                    .rule
                    .map(|id| format!(" — see finding {id}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "   - {} {at}{res}: {}{when}{rule}",
                    if ok { "✓" } else { "✗" },
                    inline(&e.message)
                );
            }
            if items.len() > MAX_REQUIREMENT_EVIDENCE {
                let _ = writeln!(
                    out,
                    "   - … and {} more",
                    items.len() - MAX_REQUIREMENT_EVIDENCE
                );
            }
        }
    }
    out.push('\n');
    out
}

/// `` `file:line` (resource `X`): message ``.
fn located(report: &Report, f: &Finding) -> String {
    let mut notes = Vec::new();
    if let Some(r) = &f.resource {
        notes.push(format!("resource `{}`", inline(r)));
    }
    if let Some(p) = &f.cdk_path {
        notes.push(format!("construct `{}`", inline(p)));
    }
    if let (Some(w), false) = (&f.when, f.off_default) {
        notes.push(format!("when {}", inline(w)));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    format!(
        "`{}:{}`{notes}: {}",
        report.path(&f.file),
        f.span.start.line.max(1),
        inline(&f.message)
    )
}

fn fixes(meta: &Meta, formats: &[Format]) -> String {
    let mut out = String::new();
    for f in formats {
        let code = match f {
            Format::Yaml => meta.fix.yaml,
            Format::Json => meta.fix.json,
        };
        if !code.trim().is_empty() {
            let _ = writeln!(out, "{}", fenced(lang(*f), code, ""));
        }
    }
    if !meta.fix.cdk.trim().is_empty() {
        out.push_str("\nIn AWS CDK:\n");
        let _ = writeln!(out, "{}", fenced("typescript", meta.fix.cdk, ""));
    }
    out
}

fn lang(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Yaml => "yaml",
    }
}

/// A fenced code block, its fence longer than any backtick run inside, every line
/// prefixed by `indent` (to sit inside a list item).
fn fenced(lang: &str, code: &str, indent: &str) -> String {
    let code = sanitize(code);
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = format!("{indent}{fence}{lang}\n");
    for line in code.lines() {
        let _ = writeln!(out, "{indent}{line}");
    }
    let _ = write!(out, "{indent}{fence}");
    out
}

/// Template text on one Markdown line.
fn inline(s: &str) -> String {
    one_line(s)
}

fn verdict(s: f64) -> &'static str {
    if s >= 9.5 {
        "Enterprise-grade security"
    } else if s >= 8.5 {
        "Production-ready"
    } else if s >= 7.0 {
        "Good foundation, needs refinement"
    } else if s >= 5.0 {
        "Significant gaps"
    } else {
        "High risk"
    }
}
