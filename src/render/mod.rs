//! render: one reporter per file, all fed by the same [`crate::assess::Finding`]s.

use crate::load::Span;

/// The source lines a span covers (at most 8), for "current issue" snippets.
pub fn snippet(source: &str, span: Span) -> String {
    let first = span.start.line.max(1) as usize;
    let last = (span.end.line.max(span.start.line) as usize).min(first + 7);
    let lines: Vec<&str> = source
        .lines()
        .skip(first - 1)
        .take(last - first + 1)
        .collect();
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
