//! S3 bucket policies as the S3 rules read them: which policies govern a bucket, and for
//! each statement its effect, whether the principal is everyone, and its conditions.
//!
//! Deliberately narrow (no action or resource matching): the IAM policy reader is a
//! separate helper.

use crate::eval::{Val, ValKind, When};
use crate::load::Span;
use crate::rules::{Ctx, Res};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`, `{AWS: "*"}`, or a list holding `*`.
    Everyone,
    /// Named principals: accounts, roles, users, canonical users, federated providers.
    Named(Vec<String>),
    /// Only service principals (`{Service: logging.s3.amazonaws.com}`).
    Service(Vec<String>),
    /// No `Principal` (invalid in a bucket policy).
    Missing,
    /// Not known statically.
    Unknown,
}

/// One condition test: `operator` as written, `key` lower-cased (keys are case-insensitive).
#[derive(Debug, Clone)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    /// Each value as text; `None` when not known statically.
    pub values: Vec<Option<String>>,
}

impl Condition {
    /// The operator without set prefix and `IfExists` suffix (`StringNotEquals`).
    fn base(&self) -> &str {
        let op = self
            .operator
            .split_once(':')
            .map_or(self.operator.as_str(), |(_, o)| o);
        op.strip_suffix("IfExists").unwrap_or(op)
    }

    fn negated(&self) -> bool {
        let b = self.base();
        b.starts_with("StringNot")
            || b.starts_with("ArnNot")
            || b.starts_with("NotIp")
            || b.contains("NotEquals")
    }

    /// Passes when the key is missing from the request (`...IfExists`, `ForAllValues:`).
    fn lenient_when_absent(&self) -> bool {
        self.operator.ends_with("IfExists") || self.operator.starts_with("ForAllValues:")
    }
}

/// Condition keys that tie a request to a caller or a network: a statement conditioned on
/// them does not apply to the whole world.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceip",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "aws:username",
];

/// One outcome of one statement (a statement behind `Fn::If` gives one per branch).
#[derive(Debug, Clone)]
pub struct Statement {
    pub when: When,
    /// JSON pointer of the statement from the template root.
    pub pointer: String,
    pub span: Span,
    /// `None` when not known statically.
    pub effect: Option<Effect>,
    pub principal: Principal,
    /// `NotPrincipal` instead of `Principal` (then `principal` holds its value).
    pub not_principal: bool,
    /// Pointer and span of the principal's value (the statement's when it has none).
    pub principal_pointer: String,
    pub principal_span: Span,
    /// Actions as written (known strings only), for messages.
    pub actions: Vec<String>,
    /// `None` when the `Condition` block is not known statically.
    pub conditions: Option<Vec<Condition>>,
}

impl Statement {
    fn unknown(when: When, pointer: String, span: Span) -> Statement {
        Statement {
            when,
            principal_pointer: pointer.clone(),
            pointer,
            principal_span: span,
            span,
            effect: None,
            principal: Principal::Unknown,
            not_principal: false,
            actions: vec![],
            conditions: None,
        }
    }

    /// `Deny` to everyone when `aws:SecureTransport` is false. `None`: cannot tell.
    pub fn denies_insecure_transport(&self) -> Option<bool> {
        match self.effect? {
            Effect::Allow => return Some(false),
            Effect::Deny => {}
        }
        let conds = self.conditions.as_ref()?;
        let tls = conds.iter().any(|c| {
            c.base() == "Bool"
                && c.key == "aws:securetransport"
                && c.values
                    .iter()
                    .flatten()
                    .any(|v| v.eq_ignore_ascii_case("false"))
        });
        if !tls {
            return if conds
                .iter()
                .any(|c| c.key == "aws:securetransport" && c.values.iter().any(Option::is_none))
            {
                None
            } else {
                Some(false)
            };
        }
        match (&self.principal, self.not_principal) {
            (Principal::Everyone, false) => Some(true),
            (Principal::Unknown, _) => None,
            _ => Some(false),
        }
    }

    /// A condition that keeps the statement from applying to arbitrary callers: for
    /// `Allow`, a positive test of a caller or network key; for `Deny`, a negated one
    /// ("deny unless the caller is in account X").
    pub fn has_restricting_condition(&self) -> Option<bool> {
        let effect = self.effect?;
        let conds = self.conditions.as_ref()?;
        Some(conds.iter().any(|c| {
            RESTRICTING_KEYS.contains(&c.key.as_str())
                && c.base() != "Null"
                && match effect {
                    Effect::Allow => !c.negated() && !c.lenient_when_absent(),
                    Effect::Deny => c.negated(),
                }
        }))
    }

    /// `Allow` to everyone (`Principal: *`, or `NotPrincipal`) with no restricting
    /// condition. `None`: cannot tell.
    pub fn is_public_allow(&self) -> Option<bool> {
        match self.effect? {
            Effect::Deny => return Some(false),
            Effect::Allow => {}
        }
        let everyone = match (&self.principal, self.not_principal) {
            (Principal::Unknown, _) => return None,
            (_, true) | (Principal::Everyone, false) => true,
            _ => false,
        };
        if !everyone {
            return Some(false);
        }
        Some(!self.has_restricting_condition()?)
    }

    /// Limits who can reach the bucket: grants to named principals only, denies to all but
    /// named principals, or a restricting condition. `None`: cannot tell.
    pub fn restricts_access(&self) -> Option<bool> {
        let effect = self.effect?;
        let by_principal = match (effect, &self.principal, self.not_principal) {
            (_, Principal::Unknown, _) => None,
            (Effect::Allow, Principal::Named(_), false) => Some(true),
            (Effect::Deny, Principal::Named(_), true) => Some(true),
            _ => Some(false),
        };
        if by_principal == Some(true) {
            return Some(true);
        }
        match self.has_restricting_condition() {
            Some(true) => Some(true),
            Some(false) => by_principal,
            None => None,
        }
    }
}

/// The bucket policies that govern a bucket: those that `Ref` it (or name it in a `Sub`)
/// from `Bucket`, and those whose `Bucket` is the bucket's literal `BucketName`.
pub fn policies_for(cx: &Ctx, bucket: &Res) -> Vec<usize> {
    let mut out = cx
        .graph
        .referrers(cx.template, bucket.index, "AWS::S3::BucketPolicy", "Bucket");
    let names: Vec<String> = bucket
        .at(cx, "BucketName")
        .iter()
        .filter_map(|f| f.val?.as_str().map(str::to_string))
        .collect();
    if !names.is_empty() {
        for p in cx.resources_of(&["AWS::S3::BucketPolicy"]) {
            if p.at(cx, "Bucket").iter().any(|f| {
                f.val
                    .and_then(Val::as_str)
                    .is_some_and(|b| names.iter().any(|n| n == b))
            }) {
                out.push(p.index);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every statement outcome of a bucket policy's `PolicyDocument`, conditions folded in.
/// A document or statement that is not known statically gives one unknown statement.
pub fn statements(cx: &Ctx, policy: &Res) -> Vec<Statement> {
    let mut out = Vec::new();
    for doc in policy.at(cx, "PolicyDocument") {
        match doc.val {
            None => {}
            Some(v) if v.is_map() => {}
            Some(v) => out.push(Statement::unknown(
                doc.when.clone(),
                doc.pointer.clone(),
                v.span,
            )),
        }
    }
    for f in policy.at(cx, "PolicyDocument/Statement") {
        let Some(v) = f.val else { continue };
        match &v.kind {
            ValKind::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    for g in item.at("") {
                        let Some(when) = cx.eval.env.and(&f.when, &g.when) else {
                            continue;
                        };
                        let Some(sv) = g.val else { continue };
                        read(cx, sv, when, format!("{}/{i}", f.pointer), &mut out);
                    }
                }
            }
            ValKind::Map(_) => read(cx, v, f.when.clone(), f.pointer.clone(), &mut out),
            _ => out.push(Statement::unknown(
                f.when.clone(),
                f.pointer.clone(),
                v.span,
            )),
        }
    }
    out
}

fn read(cx: &Ctx, stmt: &Val, when: When, pointer: String, out: &mut Vec<Statement>) {
    if !stmt.is_map() {
        out.push(Statement::unknown(when, pointer, stmt.span));
        return;
    }
    let not_principal = stmt.get("Principal").is_none() && stmt.get("NotPrincipal").is_some();
    let principal_key = if not_principal {
        "NotPrincipal"
    } else {
        "Principal"
    };
    let actions: Vec<String> = stmt
        .get("Action")
        .map(|a| {
            if a.is_list() {
                a.items()
                    .iter()
                    .filter_map(Val::as_str)
                    .map(str::to_string)
                    .collect()
            } else {
                a.as_str().map(str::to_string).into_iter().collect()
            }
        })
        .unwrap_or_default();
    for e in stmt.at("Effect") {
        let effect = match e.val.and_then(Val::as_str) {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            _ => None,
        };
        for p in stmt.at(principal_key) {
            let Some(w1) = cx.eval.env.and(&e.when, &p.when) else {
                continue;
            };
            let principal = parse_principal(p.val);
            for c in stmt.at("Condition") {
                let Some(w2) = cx.eval.env.and(&w1, &c.when) else {
                    continue;
                };
                let Some(when) = cx.eval.env.and(&when, &w2) else {
                    continue;
                };
                out.push(Statement {
                    when,
                    pointer: pointer.clone(),
                    span: stmt.span,
                    effect,
                    principal: principal.clone(),
                    not_principal,
                    principal_pointer: format!("{pointer}{}", p.pointer),
                    principal_span: if p.val.is_some() { p.span } else { stmt.span },
                    actions: actions.clone(),
                    conditions: parse_conditions(c.val),
                });
            }
        }
    }
}

fn principal_names(v: &Val) -> Option<Vec<String>> {
    let one = |x: &Val| -> Option<String> {
        match &x.kind {
            ValKind::Str(_) | ValKind::Num(_) | ValKind::Text { .. } | ValKind::Ref { .. } => {
                Some(x.render_text().into_owned())
            }
            _ => None,
        }
    };
    match &v.kind {
        ValKind::List(items) => items.iter().map(one).collect(),
        _ => one(v).map(|s| vec![s]),
    }
}

fn parse_principal(v: Option<&Val>) -> Principal {
    let Some(v) = v else {
        return Principal::Missing;
    };
    if v.as_str() == Some("*") {
        return Principal::Everyone;
    }
    match &v.kind {
        ValKind::Map(entries) => {
            let mut named = Vec::new();
            let mut services = Vec::new();
            for (k, val) in entries {
                let Some(names) = principal_names(val) else {
                    return Principal::Unknown;
                };
                match k.as_str() {
                    "AWS" if names.iter().any(|n| n == "*") => return Principal::Everyone,
                    "Service" => services.extend(names),
                    _ => named.extend(names),
                }
            }
            match (named.is_empty(), services.is_empty()) {
                (true, true) => Principal::Missing,
                (true, false) => Principal::Service(services),
                _ => Principal::Named(named),
            }
        }
        _ => match principal_names(v) {
            Some(n) if n.iter().any(|x| x == "*") => Principal::Everyone,
            Some(n) => Principal::Named(n),
            None => Principal::Unknown,
        },
    }
}

fn parse_conditions(v: Option<&Val>) -> Option<Vec<Condition>> {
    let Some(v) = v else { return Some(vec![]) };
    let ValKind::Map(ops) = &v.kind else {
        return None;
    };
    let mut out = Vec::new();
    for (op, tests) in ops {
        let ValKind::Map(tests) = &tests.kind else {
            return None;
        };
        for (key, value) in tests {
            let values = match &value.kind {
                ValKind::List(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect(),
                _ => vec![value.as_str().map(str::to_string)],
            };
            out.push(Condition {
                operator: op.clone(),
                key: key.to_ascii_lowercase(),
                values,
            });
        }
    }
    Some(out)
}
