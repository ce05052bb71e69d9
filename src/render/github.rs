//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
//! unsuppressed finding, which the Actions runner turns into annotations on the diff.
//!
//! ```text
//! ::error file=infra/app.yaml,line=12,col=3,endLine=12,endColumn=20,title=SG-002 Security group allows SSH::group Web allows ...
//! ```
//!
//! Values are escaped as the runner expects: `%`, CR and LF in the message; those and
//! `:` and `,` in properties. Load errors are `::error` lines too, and load warnings
//! `::warning` lines.

use std::fmt::Write;

use super::{Report, sanitize};
use crate::rules::Severity;

/// The command of a severity: error for high/critical, warning for medium, notice below.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escape a message (the text after `::`).
pub fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    // Other control characters could still drive the log viewer's terminal emulation.
    sanitize(&s).into_owned()
}

/// Escape a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

struct Line<'a> {
    command: &'static str,
    file: Option<String>,
    start: Option<(u32, u32)>,
    end: Option<(u32, u32)>,
    title: &'a str,
    message: &'a str,
}

fn write_line(out: &mut String, l: Line) {
    let mut props = Vec::new();
    if let Some(f) = &l.file {
        props.push(format!("file={}", escape_property(f)));
    }
    if let Some((line, col)) = l.start {
        props.push(format!("line={}", line.max(1)));
        props.push(format!("col={}", col.max(1)));
        if let Some((el, ec)) = l
            .end
            .filter(|&(el, ec)| (el, ec) >= (line.max(1), col.max(1)))
        {
            props.push(format!("endLine={el}"));
            props.push(format!("endColumn={ec}"));
        }
    }
    props.push(format!("title={}", escape_property(l.title)));
    let _ = writeln!(
        out,
        "::{} {}::{}",
        l.command,
        props.join(","),
        escape_data(l.message)
    );
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in report.reports {
        for f in file.findings.iter().filter(|f| f.suppressed.is_none()) {
            let title = format!("{} {}", f.rule.id, f.rule.title);
            write_line(
                &mut out,
                Line {
                    command: command(f.severity),
                    file: Some(report.path(&f.file)),
                    start: Some((f.span.start.line, f.span.start.col)),
                    end: Some((f.span.end.line, f.span.end.col)),
                    title: &title,
                    message: &f.message,
                },
            );
        }
    }
    for e in report.errors {
        let message = e.kind.to_string();
        write_line(
            &mut out,
            Line {
                command: "error",
                file: Some(report.path(&e.path)),
                start: Some((e.pos.line, e.pos.col)),
                end: None,
                title: "hardstack: cannot load template",
                message: &message,
            },
        );
    }
    for e in &report.walk_errors {
        write_line(
            &mut out,
            Line {
                command: "error",
                file: None,
                start: None,
                end: None,
                title: "hardstack: cannot scan path",
                message: e,
            },
        );
    }
    for file in report.reports {
        let path = report.path(&file.path);
        for d in &file.diagnostics {
            write_line(
                &mut out,
                Line {
                    command: "warning",
                    file: Some(path.clone()),
                    start: Some((d.span.start.line, d.span.start.col)),
                    end: Some((d.span.end.line, d.span.end.col)),
                    title: "hardstack: template warning",
                    message: &d.message,
                },
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("\u{1b}[31m"), "\\u{1b}[31m");
    }
}
