//! Evaluated values: known, one of several alternatives, or unknown with a reason.

use std::borrow::Cow;

use super::When;
use crate::load::Span;
use crate::model::pointer_escape;

#[derive(Debug, Clone, PartialEq)]
pub enum ValKind {
    Null,
    Bool(bool),
    /// A number, kept as its canonical text (CloudFormation passes numbers as strings).
    Num(String),
    Str(String),
    List(Vec<Val>),
    /// Entries in source order; keys unique (the loader keeps the last duplicate).
    Map(Vec<(String, Val)>),
    /// `Ref` to a resource, or `Fn::GetAtt` (`attr` set): a value known only at deploy time,
    /// but we know what it points at.
    Ref {
        target: String,
        attr: Option<String>,
    },
    /// A string only partly known, e.g. `!Sub arn:aws:s3:::${Bucket}/*`. Unknown parts are
    /// written `${Name}`; `refs` lists the resources it mentions.
    Text {
        text: String,
        refs: Vec<String>,
    },
    /// Alternatives from `Fn::If`, each with the scenario it holds in. Never nested: an
    /// alternative's value is never itself `Alts`.
    Alts(Vec<(When, Val)>),
    /// `AWS::NoValue`: only appears as an alternative; elsewhere the entry is removed.
    Absent,
    /// Not knowable statically; the reason says why.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub kind: ValKind,
    pub span: Span,
}

/// One outcome of [`Val::at`]: under scenario `when`, the path leads to `val`
/// (`None` when the property is absent). `pointer` and `span` locate the deepest node
/// that exists on the way, so a finding about a missing property points at its parent.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub when: When,
    pub val: Option<&'a Val>,
    pub pointer: String,
    pub span: Span,
}

impl Val {
    pub fn new(kind: ValKind, span: Span) -> Val {
        Val { kind, span }
    }

    pub fn unknown(reason: impl Into<String>, span: Span) -> Val {
        Val {
            kind: ValKind::Unknown(reason.into()),
            span,
        }
    }

    /// The string value if fully known (numbers and booleans as CloudFormation strings).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValKind::Str(s) | ValKind::Num(s) => Some(s),
            ValKind::Bool(true) => Some("true"),
            ValKind::Bool(false) => Some("false"),
            _ => None,
        }
    }

    /// The text of a known or partly known string (`${X}` for unknown parts).
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            ValKind::Text { text, .. } => Some(text),
            _ => self.as_str(),
        }
    }

    /// Booleans as CloudFormation reads them: `true`, `"true"`, `"True"`, ...
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            ValKind::Bool(b) => Some(*b),
            ValKind::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            ValKind::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            ValKind::Num(s) | ValKind::Str(s) => {
                let s = s.trim();
                s.parse::<i64>().ok().or_else(|| {
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0)
                        .map(|f| f as i64)
                })
            }
            _ => None,
        }
    }

    pub fn items(&self) -> &[Val] {
        match &self.kind {
            ValKind::List(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(String, Val)] {
        match &self.kind {
            ValKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Direct map lookup (no alternatives are followed: use [`Val::at`] for that).
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.entries()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, ValKind::Map(_))
    }

    pub fn is_list(&self) -> bool {
        matches!(self.kind, ValKind::List(_))
    }

    /// True when nothing can be said about the value's content.
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, ValKind::Unknown(_))
    }

    /// Resources this value points at (`Ref`, `GetAtt`, or mentioned in a `Sub`).
    pub fn refs(&self) -> Vec<&str> {
        match &self.kind {
            ValKind::Ref { target, .. } => vec![target.as_str()],
            ValKind::Text { refs, .. } => refs.iter().map(String::as_str).collect(),
            _ => vec![],
        }
    }

    /// The value's alternatives: itself always, unless it is `Alts`.
    pub fn branches(&self) -> Vec<(When, &Val)> {
        match &self.kind {
            ValKind::Alts(alts) => alts.iter().map(|(w, v)| (w.clone(), v)).collect(),
            _ => vec![(When::ALWAYS, self)],
        }
    }

    /// Follow a `/`-separated path of map keys and list indices (`*` = every element),
    /// through every `Fn::If` alternative on the way. Returns one [`Found`] per reachable
    /// outcome; only the alternatives on this path multiply, never the whole template's.
    /// Leaf values are never `Alts`. Pointers are relative to this value (prefix them).
    pub fn at<'a>(&'a self, path: &str) -> Vec<Found<'a>> {
        let mut states = vec![Found {
            when: When::ALWAYS,
            val: Some(self),
            pointer: String::new(),
            span: self.span,
        }];
        let segs: Vec<&str> = if path.is_empty() {
            vec![]
        } else {
            path.split('/').collect()
        };
        for seg in segs {
            let mut next = Vec::new();
            for state in states {
                let Some(val) = state.val else {
                    next.push(state);
                    continue;
                };
                for (w, v) in val.branches() {
                    let Some(when) = state.when.and(&w) else {
                        continue;
                    };
                    let here = |val: Option<&'a Val>, pointer: String, span| Found {
                        when: when.clone(),
                        val,
                        pointer,
                        span,
                    };
                    match &v.kind {
                        ValKind::Absent => next.push(here(None, state.pointer.clone(), v.span)),
                        ValKind::Map(_) => match v.get(seg) {
                            Some(child) => next.push(Found {
                                when: when.clone(),
                                val: Some(child),
                                pointer: format!("{}/{}", state.pointer, pointer_escape(seg)),
                                span: child.span,
                            }),
                            None => next.push(here(None, state.pointer.clone(), v.span)),
                        },
                        ValKind::List(items) if seg == "*" && items.is_empty() => {
                            next.push(here(None, state.pointer.clone(), v.span))
                        }
                        ValKind::List(items) if seg == "*" => {
                            for (i, item) in items.iter().enumerate() {
                                next.push(Found {
                                    when: when.clone(),
                                    val: Some(item),
                                    pointer: format!("{}/{i}", state.pointer),
                                    span: item.span,
                                });
                            }
                        }
                        ValKind::List(items) => match seg
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| items.get(i).map(|v| (i, v)))
                        {
                            Some((i, item)) => next.push(Found {
                                when: when.clone(),
                                val: Some(item),
                                pointer: format!("{}/{i}", state.pointer),
                                span: item.span,
                            }),
                            None => next.push(here(None, state.pointer.clone(), v.span)),
                        },
                        // Unknown (or a scalar where a container was expected): stop here and
                        // let the rule see it; rules never judge what they cannot see.
                        _ => next.push(here(Some(v), state.pointer.clone(), v.span)),
                    }
                }
            }
            states = next;
        }
        // Flatten the leaves' own alternatives.
        let mut out = Vec::with_capacity(states.len());
        for state in states {
            match state.val.map(|v| &v.kind) {
                Some(ValKind::Alts(alts)) => {
                    for (w, v) in alts {
                        if let Some(when) = state.when.and(w) {
                            let val = (!matches!(v.kind, ValKind::Absent)).then_some(v);
                            out.push(Found {
                                when,
                                val,
                                pointer: state.pointer.clone(),
                                span: v.span,
                            });
                        }
                    }
                }
                Some(ValKind::Absent) => out.push(Found { val: None, ..state }),
                _ => out.push(state),
            }
        }
        out
    }

    /// Best-effort rendering to text, for scanners that read strings (secrets in UserData):
    /// maps and lists are flattened, unknown parts become `${...}`.
    pub fn render_text(&self) -> Cow<'_, str> {
        match &self.kind {
            ValKind::Str(s) | ValKind::Num(s) => Cow::Borrowed(s),
            ValKind::Text { text, .. } => Cow::Borrowed(text),
            ValKind::Bool(b) => Cow::Owned(b.to_string()),
            ValKind::Null | ValKind::Absent => Cow::Borrowed(""),
            ValKind::Ref { target, attr: None } => Cow::Owned(format!("${{{target}}}")),
            ValKind::Ref {
                target,
                attr: Some(a),
            } => Cow::Owned(format!("${{{target}.{a}}}")),
            ValKind::Unknown(_) => Cow::Borrowed("${?}"),
            ValKind::List(items) => Cow::Owned(
                items
                    .iter()
                    .map(|v| v.render_text())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ValKind::Map(entries) => Cow::Owned(
                entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.render_text()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ValKind::Alts(alts) => Cow::Owned(
                alts.iter()
                    .map(|(_, v)| v.render_text())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
}
