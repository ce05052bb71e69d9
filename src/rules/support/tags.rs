//! Resource tags: what tags a resource carries in each scenario.

use super::taggable::tag_property;
use crate::eval::{Val, ValKind, When};
use crate::rules::{At, Ctx, Res};

/// Whether the type takes tags, from AWS's published resource schemas
/// ([`super::taggable`]). `Custom::*` and other non-AWS types never do.
pub fn is_taggable(typ: &str) -> bool {
    tag_property(typ).is_some()
}

/// A tag, present in scenario `when` (relative to its tag set).
#[derive(Debug, Clone)]
pub struct Tag {
    pub key: String,
    pub when: When,
    /// The value in each of its alternatives; `None` when not known statically.
    pub values: Vec<(When, Option<String>)>,
}

/// The tags of a resource in one scenario.
#[derive(Debug, Clone)]
pub struct TagSet {
    pub when: When,
    /// Where a finding about the tags points (the `Tags` property, or the resource).
    pub at: At,
    /// False when some tag's key is not known statically: absence proves nothing.
    pub complete: bool,
    pub tags: Vec<Tag>,
}

impl TagSet {
    /// Scenarios (within this set's) where `key` is carried.
    pub fn carries(&self, key: &str) -> Vec<When> {
        self.tags
            .iter()
            .filter(|t| t.key == key)
            .map(|t| t.when.clone())
            .collect()
    }

    pub fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.tags.iter().map(|t| t.key.as_str()).collect();
        k.sort_unstable();
        k.dedup();
        k
    }
}

/// The tag sets of a taggable resource (one per alternative of `Tags`). Tags are a list of
/// `Key`/`Value` maps (ASGs add `PropagateAtLaunch`) or, for SAM and some types, a map.
pub fn tag_sets(cx: &Ctx, res: &Res) -> Vec<TagSet> {
    let mut out = Vec::new();
    let Some((property, _)) = tag_property(&res.resource.typ) else {
        return out;
    };
    for f in res.at(cx, property) {
        let at = match f.val {
            Some(v) => At {
                resource: Some(res.index),
                span: v.span,
                pointer: f.pointer.clone(),
                when: f.when.clone(),
            },
            None => At {
                when: f.when.clone(),
                ..res.here()
            },
        };
        let mut set = TagSet {
            when: f.when.clone(),
            at,
            complete: true,
            tags: Vec::new(),
        };
        match f.val.map(|v| &v.kind) {
            None => {}
            Some(ValKind::List(items)) => {
                for item in items {
                    for g in item.at("") {
                        let Some(entry) = g.val else { continue };
                        match entry.get("Key").and_then(Val::as_str) {
                            Some(key) => set.tags.push(Tag {
                                key: key.to_string(),
                                when: g.when.clone(),
                                values: values(entry.get("Value")),
                            }),
                            None => set.complete = false,
                        }
                    }
                }
            }
            Some(ValKind::Map(entries)) => {
                for (k, v) in entries {
                    set.tags.push(Tag {
                        key: k.clone(),
                        when: When::ALWAYS,
                        values: values(Some(v)),
                    });
                }
            }
            Some(_) => set.complete = false,
        }
        out.push(set);
    }
    out
}

fn values(v: Option<&Val>) -> Vec<(When, Option<String>)> {
    match v {
        None => vec![(When::ALWAYS, None)],
        Some(v) => v
            .at("")
            .into_iter()
            .map(|f| (f.when, f.val.and_then(Val::as_str).map(str::to_string)))
            .collect(),
    }
}
