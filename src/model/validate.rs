//! Shape checks CloudFormation itself would reject: unknown top-level sections and unknown
//! resource attributes (a typo such as `Propertes` silently hides every property from the
//! rules), and a template without resources.

use crate::load::{Diagnostic, Node};

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    // AWS SAM.
    "Globals",
];

const ATTRIBUTES: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "Metadata",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
    // Custom resources and language extensions.
    "Version",
    "IgnoreUnmatched",
];

pub(super) fn check(root: &Node, diagnostics: &mut Vec<Diagnostic>) {
    for e in root.entries() {
        if !SECTIONS.contains(&e.key.as_str()) && !e.key.starts_with("Fn::") {
            diagnostics.push(Diagnostic {
                span: e.key_span,
                message: format!(
                    "unknown top-level section `{}`{}; CloudFormation rejects the template",
                    e.key,
                    suggest(&e.key, SECTIONS)
                ),
            });
        }
    }
    match root.entry("Resources") {
        None => diagnostics.push(Diagnostic {
            span: root.entries().first().map_or(root.span, |e| e.key_span),
            message: "the template has no Resources section: nothing was checked".into(),
        }),
        Some(res) => {
            for r in res.value.entries() {
                for a in r.value.entries() {
                    if !ATTRIBUTES.contains(&a.key.as_str()) {
                        diagnostics.push(Diagnostic {
                            span: a.key_span,
                            message: format!(
                                "unknown attribute `{}` on resource {}{}; CloudFormation rejects it, and rules cannot see what it holds",
                                a.key,
                                r.key,
                                suggest(&a.key, ATTRIBUTES)
                            ),
                        });
                    }
                }
            }
        }
    }
}

/// `; did you mean X?` for a known name within two edits.
fn suggest(word: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| {
            (
                edit_distance(&word.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map_or_else(String::new, |(_, k)| format!(" (did you mean `{k}`?)"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(
            suggest("Resource", SECTIONS),
            " (did you mean `Resources`?)"
        );
        assert_eq!(
            suggest("Propertes", ATTRIBUTES),
            " (did you mean `Properties`?)"
        );
        assert_eq!(suggest("Zebra", ATTRIBUTES), "");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
