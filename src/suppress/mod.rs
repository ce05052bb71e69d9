//! suppress: inline suppressions in resource `Metadata`, ours and the peers' formats.
//!
//! ```yaml
//! Metadata:
//!   hardstack: { suppress: [{ id: S3-001, reason: "public website bucket" }] }
//!   cfn_nag:   { rules_to_suppress: [{ id: W35, reason: "..." }] }
//!   checkov:   { skip: [{ id: CKV_AWS_18, comment: "..." }] }
//!   cdk_nag:   { rules_to_suppress: [{ id: AwsSolutions-S1, reason: "..." }] }
//! ```
//! Peer ids match through each rule's aliases. A suppressed finding is kept and marked,
//! never dropped. A suppression without a reason, or that matches nothing, is a warning.

use crate::assess::{Finding, Suppression};
use crate::load::{Diagnostic, Node, Span};
use crate::model::Template;
use crate::rules;

struct Entry {
    resource: String,
    id: String,
    reason: String,
    origin: &'static str,
    span: Span,
    used: bool,
}

/// The formats: metadata key, list key, reason key.
const FORMATS: &[(&str, &str, &str)] = &[
    ("hardstack", "suppress", "reason"),
    ("cfn_nag", "rules_to_suppress", "reason"),
    ("checkov", "skip", "comment"),
    ("cdk_nag", "rules_to_suppress", "reason"),
];

/// Mark suppressed findings; returns warnings about the suppressions themselves.
pub fn apply(template: &Template, findings: &mut [Finding]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut entries = Vec::new();
    for r in &template.resources {
        let Some(meta) = r.metadata() else { continue };
        for &(key, list, reason_key) in FORMATS {
            for item in meta
                .get(key)
                .and_then(|m| m.get(list))
                .map(Node::items)
                .unwrap_or_default()
            {
                let Some(id) = item.get("id").and_then(Node::as_name) else {
                    warnings.push(Diagnostic {
                        span: item.span,
                        message: format!("{key} suppression without an `id`"),
                    });
                    continue;
                };
                let reason = item
                    .get(reason_key)
                    .and_then(Node::as_str)
                    .unwrap_or_default();
                if key == "hardstack" && reason.trim().is_empty() {
                    warnings.push(Diagnostic {
                        span: item.span,
                        message: format!(
                            "suppression of {id} on {} has no `reason`; it is not applied",
                            r.id
                        ),
                    });
                    continue;
                }
                if key == "hardstack" && rules::find(id).is_none() {
                    warnings.push(Diagnostic {
                        span: item.span,
                        message: format!("suppression names unknown rule {id}"),
                    });
                    continue;
                }
                entries.push(Entry {
                    resource: r.id.clone(),
                    id: id.to_string(),
                    reason,
                    origin: key,
                    span: item.span,
                    used: false,
                });
            }
        }
    }
    for f in findings.iter_mut() {
        let Some(res) = &f.resource else { continue };
        let hit = entries.iter_mut().find(|e| {
            &e.resource == res
                && (e.id.eq_ignore_ascii_case(f.rule.id)
                    || f.rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(&e.id)))
        });
        if let Some(e) = hit {
            e.used = true;
            f.suppressed = Some(Suppression {
                reason: e.reason.clone(),
                origin: e.origin.to_string(),
            });
        }
    }
    for e in entries
        .iter()
        .filter(|e| !e.used && e.origin == "hardstack")
    {
        warnings.push(Diagnostic {
            span: e.span,
            message: format!(
                "suppression of {} on {} matches no finding; remove it",
                e.id, e.resource
            ),
        });
    }
    warnings
}
