//! JUnit XML, for test dashboards (GitLab, Jenkins, CircleCI, Azure DevOps).
//!
//! One `<testsuite>` per scanned template; one `<testcase>` per (rule, resource) that was
//! checked: a `<failure>` when it has an unsuppressed finding, `<skipped>` (with the reason)
//! when all its findings are suppressed, a pass when the check passed. A file that failed
//! to load is a suite with one `<error>` test case. Written with `quick-junit`, which
//! handles the XML escaping and the suite/report counts.

use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};

use super::Report;
use crate::assess::Finding;
use crate::rules::Meta;

/// Findings and passes of one file grouped by (rule, resource), in first-seen order.
struct Case<'a> {
    rule: &'static Meta,
    resource: Option<&'a str>,
    findings: Vec<&'a Finding>,
}

fn case_name(rule: &Meta, resource: Option<&str>) -> String {
    match resource {
        Some(r) => format!("{} {r}", rule.id),
        None => format!("{} (stack)", rule.id),
    }
}

fn failure_text(report: &Report, findings: &[&Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}:{}:{}: {} {}: {}\n",
            report.path(&f.file),
            f.span.start.line.max(1),
            f.span.start.col.max(1),
            f.severity.as_str(),
            f.rule.id,
            f.message
        ));
        if let Some(w) = &f.when {
            out.push_str(&format!("when: {w}\n"));
        }
        if let Some(s) = &f.suppressed {
            out.push_str(&format!("suppressed ({}): {}\n", s.origin, s.reason));
        }
        if !f.snippet.is_empty() {
            out.push_str(&f.snippet);
            out.push('\n');
        }
    }
    out.push_str(&format!("remediation: {}\n", findings[0].rule.remediation));
    out
}

pub fn render(report: &Report) -> String {
    let mut junit = JUnit::new(report.tool);
    for file in report.reports {
        let path = report.path(&file.path);
        let mut cases: Vec<Case> = Vec::new();
        for f in &file.findings {
            let resource = f.resource.as_deref();
            match cases
                .iter_mut()
                .find(|c| c.rule.id == f.rule.id && c.resource == resource)
            {
                Some(c) => c.findings.push(f),
                None => cases.push(Case {
                    rule: f.rule,
                    resource,
                    findings: vec![f],
                }),
            }
        }
        for p in &file.passes {
            let resource = p.resource.as_deref();
            if !cases
                .iter()
                .any(|c| c.rule.id == p.rule.id && c.resource == resource)
            {
                cases.push(Case {
                    rule: p.rule,
                    resource,
                    findings: Vec::new(),
                });
            }
        }

        let mut suite = TestSuite::new(path.clone());
        for c in &cases {
            let open: Vec<&Finding> = c
                .findings
                .iter()
                .copied()
                .filter(|f| f.suppressed.is_none())
                .collect();
            let status = if !open.is_empty() {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(format!("{}: {}", c.rule.title, open[0].message))
                    .set_type(c.rule.id)
                    .set_description(failure_text(report, &open));
                s
            } else if let Some(first) = c.findings.first() {
                let mut s = TestCaseStatus::skipped();
                let reason = first
                    .suppressed
                    .as_ref()
                    .map(|s| format!("suppressed ({}): {}", s.origin, s.reason))
                    .unwrap_or_default();
                s.set_message(reason)
                    .set_type("suppressed")
                    .set_description(failure_text(report, &c.findings));
                s
            } else {
                TestCaseStatus::success()
            };
            let mut case = TestCase::new(case_name(c.rule, c.resource), status);
            case.set_classname(format!("{}.{}", path, c.rule.id));
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    for e in report.errors {
        let path = report.path(&e.path);
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(e.kind.to_string())
            .set_type("load-error")
            .set_description(format!(
                "{path}:{}:{}: error: {}\n",
                e.pos.line.max(1),
                e.pos.col.max(1),
                e.kind
            ));
        let mut case = TestCase::new("load", status);
        case.set_classname(path.clone());
        let mut suite = TestSuite::new(path);
        suite.add_test_case(case);
        junit.add_test_suite(suite);
    }
    if !report.walk_errors.is_empty() {
        let mut suite = TestSuite::new("paths");
        for e in &report.walk_errors {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.clone()).set_type("walk-error");
            let mut case = TestCase::new(e.clone(), status);
            case.set_classname("paths");
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    // Serialising to a String only fails on I/O, which a String never has.
    let mut s = junit.to_string().unwrap_or_default();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
