//! The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.
//!
//! Hand-written serde types (as ruff and cfn-guard do) rather than a generated SARIF crate:
//! only the fields we fill, in a fixed order. `tests/sarif.rs` validates the output against
//! the official schema.
//!
//! One run. `tool.driver.rules` lists every rule (so `ruleIndex` is stable whatever fired);
//! results carry a `partialFingerprints` entry that survives line moves; file URIs are
//! relative to `%SRCROOT%`, the scan root ([`Report::base`], the current directory).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Report;
use crate::assess::Finding;
use crate::rules::{self, Meta, Severity};

/// Where the project lives; rule help links point into its `docs/rules.md`.
pub const REPOSITORY: &str = "https://github.com/hardstack/hardstack";
/// The key of [`Finding::fingerprint`] in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "hardstack/v1";
const SRCROOT: &str = "%SRCROOT%";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Suppression origins that are written in the template itself (resource `Metadata`).
const IN_SOURCE: &[&str] = &["hardstack", "cfn_nag", "checkov", "cdk_nag"];

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BaseIds>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    srcroot: ArtifactLocation,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
    severity: Severity,
    tier: crate::rules::Tier,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<SarifSuppression<'a>>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "hardstack/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifSuppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    properties: SuppressionProperties<'a>,
}

#[derive(Serialize)]
struct SuppressionProperties<'a> {
    origin: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a str>,
    off_default: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

/// SARIF `level` of a severity: critical/high → error, medium → warning, low/info → note.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's `security-severity` (a number as a string, 0.0–10.0).
pub fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// The rule's section of `docs/rules.md` on [`REPOSITORY`].
pub fn help_uri(m: &Meta) -> String {
    format!(
        "{REPOSITORY}/blob/main/docs/rules.md#{}",
        m.id.to_ascii_lowercase()
    )
}

fn rule(m: &'static Meta) -> Rule {
    let category = serde_json::to_value(m.category)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut help_text = format!(
        "{}\n\nRisk: {}\n\nImpact: {}\n\nRemediation: {}\n",
        m.title, m.risk, m.impact, m.remediation
    );
    let mut markdown = format!(
        "**{}** ({})\n\n{}\n\n**Risk:** {}\n\n**Impact:** {}\n\n**Remediation:** {}\n",
        m.title,
        m.severity.as_str(),
        m.rationale,
        m.risk,
        m.impact,
        m.remediation
    );
    if !m.fix.yaml.is_empty() {
        help_text.push_str(&format!("\nFix (CloudFormation YAML):\n\n{}\n", m.fix.yaml));
        markdown.push_str(&format!(
            "\n**Fix (CloudFormation YAML):**\n\n```yaml\n{}\n```\n",
            m.fix.yaml.trim_end()
        ));
    }
    if !m.fix.cdk.is_empty() {
        help_text.push_str(&format!("\nFix (AWS CDK):\n\n{}\n", m.fix.cdk));
        markdown.push_str(&format!(
            "\n**Fix (AWS CDK, TypeScript):**\n\n```ts\n{}\n```\n",
            m.fix.cdk.trim_end()
        ));
    }
    if !m.references.is_empty() {
        markdown.push_str("\n**References:**\n\n");
        for r in m.references {
            markdown.push_str(&format!("- <{r}>\n"));
        }
    }
    Rule {
        id: m.id,
        name: m.slug,
        short_description: text(m.title),
        full_description: text(m.rationale),
        help: Help {
            text: help_text,
            markdown,
        },
        help_uri: help_uri(m),
        default_configuration: Configuration {
            level: level(m.severity),
        },
        properties: RuleProperties {
            tags: vec!["security".into(), m.service.to_string(), category],
            security_severity: security_severity(m.severity),
            // Checks read the template's own values; they are not heuristics.
            precision: "high",
            severity: m.severity,
            tier: m.tier,
            aliases: m.aliases,
        },
    }
}

/// How artifact locations are written: relative to the scan root where possible.
struct Uris {
    root: Option<PathBuf>,
}

impl Uris {
    fn location(&self, path: &Path) -> ArtifactLocation {
        let rel = if path.is_absolute() {
            self.root
                .as_deref()
                .and_then(|root| path.strip_prefix(root).ok())
        } else {
            Some(path.strip_prefix("./").unwrap_or(path))
        };
        match rel {
            Some(rel) => ArtifactLocation {
                uri: encode(&slashes(rel)),
                uri_base_id: self.root.as_ref().map(|_| SRCROOT),
            },
            None => ArtifactLocation {
                uri: file_uri(path, false),
                uri_base_id: None,
            },
        }
    }
}

fn slashes(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// `file:///abs/path` (with a trailing slash for a folder), percent-encoded.
fn file_uri(path: &Path, folder: bool) -> String {
    let mut p = slashes(path);
    if !p.starts_with('/') {
        // A Windows path (`C:/x`) becomes `file:///C:/x`.
        p.insert(0, '/');
    }
    if folder && !p.ends_with('/') {
        p.push('/');
    }
    format!("file://{}", encode(&p))
}

/// Percent-encode everything but RFC 3986 unreserved characters, `/` and a drive's `:`.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, b) in s.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 2 && s.starts_with('/'));
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(start: crate::load::Pos, end: Option<crate::load::Pos>) -> Region {
    let start_line = start.line.max(1);
    let start_column = start.col.max(1);
    let (end_line, end_column) = match end {
        Some(e) if (e.line, e.col) >= (start_line, start_column) => (Some(e.line), Some(e.col)),
        _ => (None, None),
    };
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

fn result<'a>(f: &'a Finding, uris: &Uris, root: &Path) -> SarifResult<'a> {
    let rule_index = rules::ALL.iter().position(|r| r.meta.id == f.rule.id);
    let logical_locations = f
        .resource
        .as_ref()
        .map(|r| LogicalLocation {
            name: r.clone(),
            fully_qualified_name: f.cdk_path.clone().unwrap_or_else(|| f.pointer.clone()),
            kind: "resource",
        })
        .into_iter()
        .collect();
    let suppressions = f
        .suppressed
        .as_ref()
        .map(|s| SarifSuppression {
            kind: if IN_SOURCE.contains(&s.origin.as_str()) {
                "inSource"
            } else {
                "external"
            },
            status: "accepted",
            justification: &s.reason,
            properties: SuppressionProperties { origin: &s.origin },
        })
        .into_iter()
        .collect();
    SarifResult {
        rule_id: f.rule.id,
        rule_index,
        level: level(f.severity),
        message: text(f.message.clone()),
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: uris.location(&f.file),
                region: region(f.span.start, Some(f.span.end)),
            },
            logical_locations,
        }],
        partial_fingerprints: Fingerprints {
            v1: f.fingerprint(root),
        },
        suppressions,
        properties: ResultProperties {
            severity: f.severity,
            resource_type: f.resource_type.as_deref(),
            scenario: f.when.as_deref(),
            off_default: f.off_default,
        },
    }
}

pub fn render(report: &Report) -> String {
    let root = report.base.clone().or_else(|| std::env::current_dir().ok());
    let uris = Uris { root: root.clone() };
    let root_path = root.clone().unwrap_or_default();

    let mut notifications: Vec<Notification> = report
        .errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: text(e.kind.to_string()),
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: uris.location(&e.path),
                    region: region(e.pos, None),
                },
                logical_locations: Vec::new(),
            }],
        })
        .collect();
    notifications.extend(report.walk_errors.iter().map(|e| Notification {
        level: "error",
        message: text(e.clone()),
        locations: Vec::new(),
    }));
    for file in report.reports {
        notifications.extend(file.diagnostics.iter().map(|d| Notification {
            level: "warning",
            message: text(d.message.clone()),
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: uris.location(&file.path),
                    region: region(d.span.start, Some(d.span.end)),
                },
                logical_locations: Vec::new(),
            }],
        }));
    }

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool,
                    version: report.version,
                    semantic_version: report.version,
                    information_uri: REPOSITORY,
                    rules: rules::ALL.iter().map(|r| rule(&r.meta)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty() && report.walk_errors.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: root.as_deref().map(|r| BaseIds {
                srcroot: ArtifactLocation {
                    uri: file_uri(r, true),
                    uri_base_id: None,
                },
            }),
            results: report
                .findings()
                .map(|f| result(f, &uris, &root_path))
                .collect(),
            column_kind: "unicodeCodePoints",
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_folders_end_in_a_slash() {
        assert_eq!(
            file_uri(Path::new("/home/a b/x#y"), true),
            "file:///home/a%20b/x%23y/"
        );
        assert_eq!(file_uri(Path::new("C:\\infra"), true), "file:///C:/infra/");
        assert_eq!(encode("infra/app.yaml"), "infra/app.yaml");
    }

    #[test]
    fn levels_and_security_severity_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
    }
}
