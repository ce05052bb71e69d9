//! The JSON report, schema version 1 (documented in `docs/json-output.md`).
//!
//! The schema is its own set of types here, not the internal ones, so internal changes
//! cannot silently change the output. Adding a field is compatible; renaming or removing
//! one bumps `schema_version`.

use serde::Serialize;

use super::Report;
use crate::load::Format;
use crate::rules::{Category, Severity, Tier};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    target: &'a str,
    files: Vec<File<'a>>,
    errors: Vec<Error>,
    walk_errors: Vec<&'a str>,
    assessment: Assessment<'a>,
    /// Present when requirements were checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    requirements_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirements: Option<Vec<Requirement<'a>>>,
    /// Present when the scan ran against a baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Baseline>,
}

#[derive(Serialize)]
struct Baseline {
    file: String,
    new: usize,
    baselined: usize,
    fixed: usize,
}

#[derive(Serialize)]
struct Requirement<'a> {
    title: &'a str,
    /// Line of the requirement in the requirements file.
    line: u32,
    status: crate::assess::requirements::Status,
    summary: &'a str,
    scenarios: Option<&'a str>,
    evidence: Vec<RequirementEvidence<'a>>,
}

#[derive(Serialize)]
struct RequirementEvidence<'a> {
    ok: bool,
    file: String,
    line: Option<u32>,
    resource: Option<&'a str>,
    message: &'a str,
    rule: Option<&'a str>,
    when: Option<&'a str>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    format: Format,
    resources: usize,
    findings: Vec<Finding<'a>>,
    passes: Vec<Pass<'a>>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    title: &'a str,
    severity: Severity,
    tier: Tier,
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    pointer: &'a str,
    resource: Option<&'a str>,
    resource_type: Option<&'a str>,
    cdk_path: Option<&'a str>,
    message: &'a str,
    when: Option<&'a str>,
    off_default: bool,
    suppressed: Option<Suppressed<'a>>,
}

#[derive(Serialize)]
struct Suppressed<'a> {
    reason: &'a str,
    origin: &'a str,
}

#[derive(Serialize)]
struct Pass<'a> {
    rule: &'a str,
    resource: Option<&'a str>,
    evidence: &'a str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct Error {
    path: String,
    line: u32,
    column: u32,
    message: String,
}

#[derive(Serialize)]
struct Assessment<'a> {
    strengths: Vec<StrengthGroup<'a>>,
    plan: Vec<TierPlan<'a>>,
    score: Score,
}

#[derive(Serialize)]
struct StrengthGroup<'a> {
    category: Category,
    title: &'a str,
    rules: Vec<Strength<'a>>,
}

#[derive(Serialize)]
struct Strength<'a> {
    rule: &'a str,
    strength: &'a str,
    evidence: &'a [String],
}

#[derive(Serialize)]
struct TierPlan<'a> {
    tier: Tier,
    title: &'a str,
    items: Vec<PlanItem<'a>>,
}

#[derive(Serialize)]
struct PlanItem<'a> {
    rule: &'a str,
    title: &'a str,
    severity: Severity,
    count: usize,
    resources: &'a [String],
}

#[derive(Serialize)]
struct Score {
    now: f64,
    after_high: f64,
    after_medium: f64,
    after_all: f64,
}

pub fn render(report: &Report) -> String {
    let files = report
        .reports
        .iter()
        .map(|r| File {
            path: report.path(&r.path),
            format: r.format,
            resources: r.resources,
            findings: r
                .findings
                .iter()
                .map(|f| Finding {
                    rule: f.rule.id,
                    title: f.rule.title,
                    severity: f.severity,
                    tier: f.rule.tier,
                    file: report.path(&f.file),
                    line: f.span.start.line,
                    column: f.span.start.col,
                    end_line: f.span.end.line,
                    end_column: f.span.end.col,
                    pointer: &f.pointer,
                    resource: f.resource.as_deref(),
                    resource_type: f.resource_type.as_deref(),
                    cdk_path: f.cdk_path.as_deref(),
                    message: &f.message,
                    when: f.when.as_deref(),
                    off_default: f.off_default,
                    suppressed: f.suppressed.as_ref().map(|s| Suppressed {
                        reason: &s.reason,
                        origin: &s.origin,
                    }),
                })
                .collect(),
            passes: r
                .passes
                .iter()
                .map(|p| Pass {
                    rule: p.rule.id,
                    resource: p.resource.as_deref(),
                    evidence: &p.evidence,
                })
                .collect(),
            diagnostics: r
                .diagnostics
                .iter()
                .map(|d| Diagnostic {
                    line: d.span.start.line,
                    column: d.span.start.col,
                    end_line: d.span.end.line,
                    end_column: d.span.end.col,
                    message: &d.message,
                })
                .collect(),
        })
        .collect();
    let errors = report
        .errors
        .iter()
        .map(|e| Error {
            path: report.path(&e.path),
            line: e.pos.line.max(1),
            column: e.pos.col.max(1),
            message: e.kind.to_string(),
        })
        .collect();
    let a = &report.assessment;
    let requirements = report.requirements.as_ref().map(|reqs| {
        reqs.results
            .iter()
            .map(|r| Requirement {
                title: &r.title,
                line: r.line,
                status: r.status,
                summary: &r.summary,
                scenarios: r.scenarios.as_deref(),
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| RequirementEvidence {
                        ok: e.ok,
                        file: report.path(&e.file),
                        line: e.line,
                        resource: e.resource.as_deref(),
                        message: &e.message,
                        rule: e.rule,
                        when: e.when.as_deref(),
                    })
                    .collect(),
            })
            .collect()
    });
    let output = Output {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: report.tool,
            version: report.version,
        },
        target: &report.target,
        files,
        errors,
        walk_errors: report.walk_errors.iter().map(String::as_str).collect(),
        assessment: Assessment {
            strengths: a
                .strengths
                .iter()
                .map(|(c, list)| StrengthGroup {
                    category: *c,
                    title: c.title(),
                    rules: list
                        .iter()
                        .map(|s| Strength {
                            rule: s.rule.id,
                            strength: s.rule.strength,
                            evidence: &s.evidence,
                        })
                        .collect(),
                })
                .collect(),
            plan: a
                .plan
                .iter()
                .map(|(t, items)| TierPlan {
                    tier: *t,
                    title: t.title(),
                    items: items
                        .iter()
                        .map(|i| PlanItem {
                            rule: i.rule.id,
                            title: i.rule.title,
                            severity: i.severity,
                            count: i.count,
                            resources: &i.resources,
                        })
                        .collect(),
                })
                .collect(),
            score: Score {
                now: a.score.now,
                after_high: a.score.after_high,
                after_medium: a.score.after_medium,
                after_all: a.score.after_all,
            },
        },
        requirements_file: report.requirements.as_ref().map(|r| report.path(&r.source)),
        requirements,
        baseline: report.baseline.as_ref().map(|b| Baseline {
            file: report.path(&b.source),
            new: b.new,
            baselined: b.baselined,
            fixed: b.fixed,
        }),
    };
    // Serialising these plain types cannot fail; fall back to an empty object if it did.
    let mut s = serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
