//! The terminal report: one compiler-style line per finding, then load problems, then a
//! one-line summary with the score.
//!
//! ```text
//! infra/app.yaml:12:3  S3-001  low  bucket Logs does not set default encryption (BucketEncryption)
//!   resource: Logs (App/Logs/Resource)
//!   when: not UseKms
//! ```

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{Report, one_line, sanitize, score};
use crate::rules::Severity;

#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Colour severities with ANSI escapes.
    pub color: bool,
    /// Only the summary line.
    pub quiet: bool,
    /// Leave load and walk errors out: the caller prints them on stderr already.
    pub errors_elsewhere: bool,
    /// Group each file's findings under the CDK construct they belong to.
    pub by_construct: bool,
}

/// The construct a finding belongs to: its construct path without CDK's trailing
/// `Resource`/`Default` child (`WebAppStack/ArtifactsBucket/Resource` → `WebAppStack/ArtifactsBucket`).
pub fn construct_of(f: &crate::assess::Finding) -> String {
    match &f.cdk_path {
        Some(p) => match p.rsplit_once('/') {
            Some((parent, "Resource" | "Default")) => parent.to_string(),
            _ => p.clone(),
        },
        None => match &f.resource {
            Some(r) => r.clone(),
            None => "(stack)".to_string(),
        },
    }
}

fn paint(color: bool, style: Style, text: &str) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

pub fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical => Style::new()
            .bold()
            .fg_color(Some(AnsiColor::Magenta.into())),
        Severity::High => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Low => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        Severity::Info => Style::new().dimmed(),
    }
}

pub fn render(report: &Report, opts: TextOptions) -> String {
    let mut out = String::new();
    let c = opts.color;
    if !opts.quiet {
        for file in report.reports {
            let path = report.path(&file.path);
            let mut findings: Vec<&crate::assess::Finding> = file.findings.iter().collect();
            if opts.by_construct {
                // Stable: findings keep their source order within a construct.
                findings.sort_by_key(|f| construct_of(f));
            }
            let mut group: Option<String> = None;
            for f in findings {
                if opts.by_construct {
                    let g = construct_of(f);
                    if group.as_ref() != Some(&g) {
                        let _ = writeln!(
                            out,
                            "{}",
                            paint(c, Style::new().bold().underline(), &one_line(&g))
                        );
                        group = Some(g);
                    }
                }
                let sev = paint(c, severity_style(f.severity), f.severity.as_str());
                let id = paint(c, Style::new().bold(), f.rule.id);
                let _ = writeln!(
                    out,
                    "{path}:{}:{}  {id}  {sev}  {}",
                    f.span.start.line.max(1),
                    f.span.start.col.max(1),
                    one_line(&f.message)
                );
                // Grouped by construct, the heading already names the resource.
                if let Some(r) = f.resource.as_ref().filter(|_| !opts.by_construct) {
                    match &f.cdk_path {
                        Some(p) => {
                            let _ = writeln!(out, "  resource: {} ({})", one_line(r), one_line(p));
                        }
                        None => {
                            let _ = writeln!(out, "  resource: {}", one_line(r));
                        }
                    }
                }
                if let Some(w) = &f.when {
                    let note = if f.off_default {
                        " (only off the parameter defaults)"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "  when: {}{note}", one_line(w));
                }
                if let Some(s) = &f.suppressed {
                    let _ = writeln!(
                        out,
                        "  suppressed ({}): {}",
                        one_line(&s.origin),
                        one_line(&s.reason)
                    );
                }
            }
        }
        if !opts.errors_elsewhere {
            for e in report.errors {
                let _ = writeln!(out, "{}", sanitize(&e.to_string()));
            }
            for e in &report.walk_errors {
                let _ = writeln!(out, "error: {}", sanitize(e));
            }
        }
        for file in report.reports {
            let path = report.path(&file.path);
            for d in &file.diagnostics {
                let _ = writeln!(
                    out,
                    "{path}:{}:{}: {}: {}",
                    d.span.start.line.max(1),
                    d.span.start.col.max(1),
                    paint(
                        c,
                        Style::new().fg_color(Some(AnsiColor::Yellow.into())),
                        "warning"
                    ),
                    one_line(&d.message)
                );
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
        if let Some(reqs) = &report.requirements {
            out.push_str(&requirements(report, reqs, c));
            out.push('\n');
        }
    }
    out.push_str(&summary(report, c));
    out.push('\n');
    out
}

/// One line per requirement: status, title, why.
///
/// ```text
/// Requirements (hardstack.toml): 8 met, 2 partly met
///   met         VPC in us-west-2 with 10.0.0.0/16 CIDR: region us-west-2 (from --region); ...
///   partly met  Environment: Production tag on all resources: 20 of 28 taggable ...
/// ```
pub fn requirements(report: &Report, reqs: &super::Requirements, c: bool) -> String {
    use crate::assess::requirements::Status;
    let mut out = format!(
        "Requirements ({}): {}\n",
        report.path(&reqs.source),
        reqs.tally()
    );
    for r in &reqs.results {
        let style = match r.status {
            Status::Met => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Status::PartlyMet => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Status::NotMet => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Status::Unknown => Style::new().dimmed(),
        };
        let label = paint(c, style, &format!("{:<10}", r.status.label()));
        let mut why = one_line(&r.summary);
        if let Some(s) = &r.scenarios {
            let _ = write!(why, " [{}]", one_line(s));
        }
        let _ = writeln!(out, "  {label}  {}: {why}", one_line(&r.title));
    }
    out
}

/// `2 findings (0 critical, 1 high, ...), 3 strengths, 4 files · Score: 7.2/10 → ...`
pub fn summary(report: &Report, c: bool) -> String {
    let all: Vec<_> = report.findings().collect();
    let suppressed = all.iter().filter(|f| f.suppressed.is_some()).count();
    let live: Vec<_> = all.iter().filter(|f| f.suppressed.is_none()).collect();
    let by = |s: Severity| {
        let n = live.iter().filter(|f| f.severity == s).count();
        let text = format!("{n} {}", s.as_str());
        if n > 0 {
            paint(c, severity_style(s), &text)
        } else {
            text
        }
    };
    let sevs = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];
    let mut line = format!(
        "{} ({})",
        plural(live.len(), "finding"),
        sevs.iter().map(|&s| by(s)).collect::<Vec<_>>().join(", ")
    );
    if suppressed > 0 {
        let _ = write!(line, ", {suppressed} suppressed");
    }
    if let Some(b) = &report.baseline {
        let _ = write!(
            line,
            " ({} new, {} baselined, {} fixed since the baseline)",
            b.new, b.baselined, b.fixed
        );
    }
    let strengths: usize = report
        .assessment
        .strengths
        .iter()
        .map(|(_, s)| s.len())
        .sum();
    let _ = write!(line, ", {}", plural(strengths, "strength"));
    let _ = write!(line, ", {} scanned", plural(report.reports.len(), "file"));
    if !report.errors.is_empty() {
        let _ = write!(line, ", {} failed to load", report.errors.len());
    }
    if let Some(reqs) = &report.requirements {
        let _ = write!(line, ", requirements: {}", reqs.tally());
    }
    if !report.skipped.is_empty() {
        let _ = write!(line, ", {} not templates (skipped)", report.skipped.len());
    }
    // A score over nothing would read as a clean bill of health.
    if report.reports.iter().map(|r| r.resources).sum::<usize>() == 0 {
        line.push_str(". No resources were checked, so there is no score");
        return line;
    }
    let s = &report.assessment.score;
    let _ = write!(
        line,
        ". Score: {}/10 → {} after high-priority fixes → {} after all",
        paint(c, Style::new().bold(), &score(s.now)),
        score(s.after_high),
        score(s.after_all)
    );
    line
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
