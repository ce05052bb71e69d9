//! render: one reporter per file, all fed by the same [`crate::assess::Finding`]s.
//!
//! Every reporter takes a [`Report`]: the scanned files, the files that failed to load,
//! the assessment, and what was scanned. Output order is deterministic: files in path
//! order, findings in source order, rules in plan order.

pub mod catalog;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::ScanResult;
use crate::assess::requirements::{RequirementResult, Status};
use crate::assess::{Assessment, FileReport, Finding, assess};
use crate::load::{LoadError, Span};

/// Everything a reporter needs.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub reports: &'a [FileReport],
    pub errors: &'a [LoadError],
    /// Valid JSON/YAML files that are not CloudFormation templates.
    pub skipped: &'a [PathBuf],
    /// Paths that could not be walked (missing files, unreadable folders), as messages.
    pub walk_errors: Vec<String>,
    pub assessment: Assessment,
    /// What was scanned, as the user named it (`infra/`, `a.yaml b.yaml`).
    pub target: String,
    pub tool: &'static str,
    pub version: &'static str,
    /// Paths under this folder are shown relative to it (the current directory).
    pub base: Option<PathBuf>,
    /// The requirements checked (`None`: no requirements file), and the file they came from.
    pub requirements: Option<Requirements>,
    /// Set when the scan ran against a baseline (`--baseline`).
    pub baseline: Option<crate::baseline::Tally>,
}

/// Requirement verdicts as reporters show them.
#[derive(Debug, Clone)]
pub struct Requirements {
    pub source: PathBuf,
    pub results: Vec<RequirementResult>,
}

impl Requirements {
    /// `8 met, 2 partly met`: counts by status, in status order, zeros left out.
    pub fn tally(&self) -> String {
        let parts: Vec<String> = [
            Status::Met,
            Status::PartlyMet,
            Status::NotMet,
            Status::Unknown,
        ]
        .iter()
        .filter_map(|s| {
            let n = self.results.iter().filter(|r| r.status == *s).count();
            (n > 0).then(|| format!("{n} {}", s.label()))
        })
        .collect();
        if parts.is_empty() {
            "no requirements".into()
        } else {
            parts.join(", ")
        }
    }
}

impl<'a> Report<'a> {
    /// A report on a scan: assesses its files.
    pub fn new(result: &'a ScanResult, target: impl Into<String>) -> Report<'a> {
        Report {
            reports: &result.reports,
            errors: &result.errors,
            skipped: &result.skipped,
            walk_errors: result.walk_errors.iter().map(|e| e.to_string()).collect(),
            assessment: assess(&result.reports),
            target: target.into(),
            tool: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            base: std::env::current_dir().ok(),
            requirements: None,
            baseline: None,
        }
    }

    /// The report with the tally of a scan against a baseline.
    pub fn with_baseline(mut self, tally: crate::baseline::Tally) -> Self {
        self.baseline = Some(tally);
        self
    }

    /// The report with requirement verdicts ([`crate::check_requirements`]).
    pub fn with_requirements(mut self, source: &Path, results: Vec<RequirementResult>) -> Self {
        self.requirements = Some(Requirements {
            source: source.to_path_buf(),
            results,
        });
        self
    }

    /// How a path is shown: relative to [`Report::base`] where possible, `/`-separated.
    pub fn path(&self, path: &Path) -> String {
        let shown = match &self.base {
            Some(base) if path.is_absolute() => path.strip_prefix(base).unwrap_or(path),
            _ => path,
        };
        let shown = shown.strip_prefix("./").unwrap_or(shown);
        sanitize(&shown.display().to_string()).replace('\\', "/")
    }

    /// Every finding of every file, in file then source order.
    pub fn findings(&self) -> impl Iterator<Item = &'a Finding> + 'a {
        self.reports.iter().flat_map(|r| r.findings.iter())
    }
}

/// Text from a template made safe for a terminal: ESC and the other C0 controls (except
/// newline and tab), DEL and the C1 controls become visible `\u{..}` escapes, so a
/// template cannot move the cursor, recolour or retitle the user's terminal.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let bad =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{2028}' || c == '\u{2029}';
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`], and newlines and tabs flattened to spaces: for one-line fields.
pub fn one_line(s: &str) -> String {
    sanitize(s).replace(['\n', '\r', '\t'], " ")
}

/// A score as reports print it: one decimal.
pub fn score(x: f64) -> String {
    format!("{x:.1}")
}

/// The source lines a span covers (at most 8), for "current issue" snippets.
pub fn snippet(source: &str, span: Span) -> String {
    let first = span.start.line.max(1) as usize;
    let last = (span.end.line.max(span.start.line) as usize).min(first + 7);
    // Start from the line holding the span's first byte: skipping `lines()` from the top
    // for every finding made a scan quadratic in the template's size (22 s at 10,000
    // resources).
    let from = source
        .get(..span.start.byte as usize)
        .map(|before| before.rfind('\n').map_or(0, |i| i + 1));
    let lines: Vec<&str> = match from {
        Some(start) if span.start.line > 0 => {
            source[start..].lines().take(last - first + 1).collect()
        }
        _ => source
            .lines()
            .skip(first - 1)
            .take(last - first + 1)
            .collect(),
    };
    // Drop the common indentation so the snippet reads on its own.
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls_but_keeps_newlines_and_tabs() {
        assert_eq!(
            sanitize("a\u{1b}[31mb\tc\nd\u{7}\u{9b}"),
            "a\\u{1b}[31mb\tc\nd\\u{7}\\u{9b}"
        );
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\tc\u{1b}"), "a b c\\u{1b}");
    }
}
