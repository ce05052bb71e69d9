//! IAM policy documents as evaluated values: the statements of a `PolicyDocument`
//! (identity policies, bucket/queue/topic policies, key policies), each resolved to one
//! scenario, and the classifications rules need (read-only actions, wildcards, public
//! principals, restricting conditions).
//!
//! `Fn::If` anywhere in a statement (the whole statement, a field, or one list element)
//! becomes separate [`Statement`]s, one per possible combination, each with its scenario
//! in `when`. Values that cannot be known stay in place as items whose `as_str()` is
//! `None`: callers skip them (rules never guess).

use crate::eval::{Env, Val, ValKind, When};
use crate::load::Span;
use crate::rules::{Ctx, Res};

/// Most scenario combinations one statement expands to; beyond this the remaining
/// combinations are not examined (which can only hide findings, never invent them).
const MAX_VARIANTS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One value of a statement field (an action, a resource ARN, a principal, a condition value).
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub val: &'a Val,
    /// JSON pointer from the template root.
    pub pointer: String,
    pub span: Span,
}

impl<'a> Item<'a> {
    /// The value if fully known.
    pub fn as_str(&self) -> Option<&'a str> {
        self.val.as_str()
    }

    /// Known or partly known text (`${X}` for the parts known only at deploy time).
    pub fn text(&self) -> Option<&'a str> {
        self.val.text()
    }

    /// Nothing of the value is known: neither (partial) text nor a resource reference.
    pub fn is_opaque(&self) -> bool {
        self.text().is_none() && !matches!(self.val.kind, ValKind::Ref { .. })
    }
}

/// A principal: `kind` is `AWS`, `Service`, `Federated`, `CanonicalUser`, or `None` for the
/// bare string form (`Principal: "*"`).
#[derive(Debug, Clone)]
pub struct Principal<'a> {
    pub kind: Option<String>,
    pub item: Item<'a>,
}

impl Principal<'_> {
    /// Everyone: `"*"` or `{AWS: "*"}` (`None` when the value is not known). A resource's
    /// ARN (`!GetAtt Role.Arn`) or a `Sub` with literal text (`arn:${AWS::Partition}:...`)
    /// is never `*`; a `Sub` of nothing but placeholders could be.
    pub fn is_public(&self) -> Option<bool> {
        let anyone = match (&self.item.val.kind, self.item.as_str()) {
            (_, Some(v)) => v.trim() == "*",
            (ValKind::Ref { .. }, None) => false,
            (_, None) => {
                let literal = without_placeholders(self.item.text()?);
                if literal.chars().all(|c| c == '*' || c.is_whitespace()) {
                    return None;
                }
                false
            }
        };
        Some(
            anyone
                && self
                    .kind
                    .as_deref()
                    .is_none_or(|k| k == "AWS" || k == "CanonicalUser"),
        )
    }
}

/// `arn:${AWS::Partition}:iam::${AWS::AccountId}:root` → `arn::iam:::root`.
fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Any of the principals is public (see [`Principal::is_public`]): `Some(true)` if any
/// known one is, `None` if none is but some principal is not known.
pub fn any_public(principals: &[Principal]) -> Option<bool> {
    let mut unknown = false;
    for p in principals {
        match p.is_public() {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown { None } else { Some(false) }
}

/// One condition key under an operator: `StringEquals: {aws:SourceAccount: [...]}`.
#[derive(Debug, Clone)]
pub struct Condition<'a> {
    pub operator: String,
    /// As written (condition keys are case-insensitive: compare with that in mind).
    pub key: String,
    /// Values of every alternative below the operator (a whole `Condition` behind
    /// `Fn::If` is split into scenarios; `Fn::If` inside it is not).
    pub values: Vec<Item<'a>>,
}

impl Condition<'_> {
    /// The operator without set prefix (`ForAnyValue:`) and `IfExists` suffix
    /// (`StringNotEquals`).
    pub fn base_operator(&self) -> &str {
        let op = self
            .operator
            .split_once(':')
            .map_or(self.operator.as_str(), |(_, o)| o);
        op.strip_suffix("IfExists").unwrap_or(op)
    }

    /// A negated test: `StringNot...`, `ArnNot...`, `NotIpAddress`, `...NotEquals`.
    pub fn is_negated(&self) -> bool {
        let b = self.base_operator();
        b.starts_with("StringNot")
            || b.starts_with("ArnNot")
            || b.starts_with("NotIp")
            || b.contains("NotEquals")
    }

    /// Passes when the key is missing from the request (`...IfExists`, `ForAllValues:`).
    pub fn lenient_when_absent(&self) -> bool {
        self.operator.ends_with("IfExists") || self.operator.starts_with("ForAllValues:")
    }

    /// The key limits who (or from where) a request may come (see [`RESTRICTING_KEYS`]).
    pub fn restricts_who(&self) -> bool {
        restricts_who(&self.key)
    }
}

/// One statement in one scenario.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    pub when: When,
    /// Pointer and span of the statement itself.
    pub pointer: String,
    pub span: Span,
    pub sid: Option<&'a str>,
    /// `None` when absent or not known.
    pub effect: Option<Effect>,
    pub actions: Vec<Item<'a>>,
    pub not_actions: Vec<Item<'a>>,
    pub resources: Vec<Item<'a>>,
    pub not_resources: Vec<Item<'a>>,
    pub principals: Vec<Principal<'a>>,
    pub not_principals: Vec<Principal<'a>>,
    pub has_principal: bool,
    pub has_not_principal: bool,
    /// Pointer and span of the `Principal` value, of `NotPrincipal` when the statement has
    /// only that, of the statement itself when it has neither.
    pub principal_pointer: String,
    pub principal_span: Span,
    pub conditions: Vec<Condition<'a>>,
    /// A `Condition` is present.
    pub has_condition: bool,
    /// The `Condition` block (or an operator's keys) cannot be read. Values that are not
    /// known stay in `conditions` (see [`Item::is_opaque`]).
    pub condition_unknown: bool,
}

impl Statement<'_> {
    pub fn is_allow(&self) -> bool {
        self.effect == Some(Effect::Allow)
    }

    /// Principal `*` / `{AWS: *}`: `Some(true)` if any known principal is public,
    /// `None` if none is but some principal is not known.
    pub fn public_principal(&self) -> Option<bool> {
        any_public(&self.principals)
    }

    /// The statement names who it does not apply to (`NotPrincipal`, no `Principal`).
    pub fn uses_not_principal(&self) -> bool {
        !self.has_principal && self.has_not_principal
    }

    /// A condition that narrows who may use the grant: source account/ARN/VPC/endpoint/IP,
    /// principal account/ARN/org, with a value other than `*`. `None` when the condition
    /// cannot be read. Transport-only conditions (`aws:SecureTransport`) do not count.
    pub fn restricting_condition(&self) -> Option<bool> {
        if self.conditions.iter().any(|c| {
            c.restricts_who()
                && c.values.iter().any(|v| {
                    v.text().is_some_and(|t| t.trim() != "*")
                        || matches!(v.val.kind, ValKind::Ref { .. })
                })
        }) {
            return Some(true);
        }
        if self.condition_unknown
            || self
                .conditions
                .iter()
                .any(|c| c.values.iter().any(Item::is_opaque))
        {
            None
        } else {
            Some(false)
        }
    }
}

/// Condition keys that limit who (or from where) a request may come.
pub const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:userid",
    "aws:username",
    "aws:vpcsourceip",
    "kms:calleraccount",
    "kms:viaservice",
];

pub fn restricts_who(key: &str) -> bool {
    let k = key.trim().to_ascii_lowercase();
    RESTRICTING_KEYS.contains(&k.as_str())
}

/// Verb prefixes of actions that only read (or list) and never change anything.
pub const READ_ONLY_VERBS: &[&str] = &[
    "Get",
    "List",
    "Describe",
    "Head",
    "BatchGet",
    "BatchDescribe",
    "Query",
    "Scan",
    "Search",
    "Select",
    "View",
    "Lookup",
    "Filter",
];

/// `s3:GetObject`, `ec2:Describe*`, `dynamodb:Query`: the action (or every action the
/// pattern matches) only reads. `*`, `s3:*`, `s3:*Object`, `s3:Put*` are not read-only.
pub fn is_read_only_action(action: &str) -> bool {
    let Some((service, verb)) = action.trim().split_once(':') else {
        return false;
    };
    if service.is_empty() || service.contains('*') {
        return false;
    }
    let verb = verb.to_ascii_lowercase();
    READ_ONLY_VERBS
        .iter()
        .any(|v| verb.starts_with(&v.to_ascii_lowercase()))
}

/// `*` or `service:*`: every action (of a service).
pub fn is_wildcard_action(action: &str) -> bool {
    let a = action.trim();
    if a.chars().all(|c| c == '*') && !a.is_empty() {
        return true;
    }
    matches!(a.split_once(':'), Some((_, verb)) if !verb.is_empty() && verb.chars().all(|c| c == '*'))
}

/// Actions that support no resource-level permissions: the AWS Service Authorization
/// Reference lists no resource type for them, so `Resource: "*"` is the only value that
/// works and a wildcard resource is not a least-privilege gap (IAM-002 exempts them).
/// Each entry is an action or an IAM glob over actions; for a glob covering a whole
/// service, `actions` lists what it expands to (IAM-003 suggests listing those instead).
///
/// Sources (Service Authorization Reference, "Actions, resources, and condition keys"):
/// - <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsessionmanagermessagegatewayservice.html>
///   (`ssmmessages`: every action, no resource types);
/// - <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmessagedeliveryservice.html>
///   (`ec2messages`: every action, no resource types);
/// - <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html>
///   (`cloudwatch:PutMetricData`: scoped by the `cloudwatch:namespace` condition key only);
/// - <https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html>
///   (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`).
///
/// The SSM agent policy AWS documents (and the managed policy
/// AmazonSSMManagedInstanceCore) grants the `ssmmessages` and `ec2messages` actions on `*`:
/// <https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-setting-up-messageAPIs.html>.
pub const STAR_ONLY_ACTIONS: &[(&str, &[&str])] = &[
    (
        "ssmmessages:*",
        &[
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
        ],
    ),
    (
        "ec2messages:*",
        &[
            "ec2messages:AcknowledgeMessage",
            "ec2messages:DeleteMessage",
            "ec2messages:FailMessage",
            "ec2messages:GetEndpoint",
            "ec2messages:GetMessages",
            "ec2messages:SendReply",
        ],
    ),
    ("cloudwatch:PutMetricData", &[]),
    ("xray:PutTraceSegments", &[]),
    ("xray:PutTelemetryRecords", &[]),
];

/// Every action `action` can stand for accepts only `Resource: "*"` (see
/// [`STAR_ONLY_ACTIONS`]): `ssmmessages:*`, `ec2messages:Get*`, `cloudwatch:PutMetricData`.
/// `*`, `cloudwatch:Put*` or `ssm:*` are not.
pub fn accepts_only_star_resource(action: &str) -> bool {
    let a = action.trim();
    // The action pattern, read literally, must fall inside one entry's glob: a `*` in it
    // is matched only by a `*` in the entry.
    STAR_ONLY_ACTIONS
        .iter()
        .any(|(glob, _)| glob_match(glob, a))
}

/// For `service:*` where every action of the service accepts only `Resource: "*"`: the
/// few actions the service has, to list instead of the wildcard.
pub fn star_only_service_actions(action: &str) -> Option<&'static [&'static str]> {
    let a = action.trim();
    STAR_ONLY_ACTIONS
        .iter()
        .find(|(glob, actions)| !actions.is_empty() && glob.eq_ignore_ascii_case(a))
        .map(|(_, actions)| *actions)
}

/// IAM glob (`*`, `?`), case-insensitive, as IAM compares action names.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    super::glob(&pattern.to_lowercase(), &text.to_lowercase())
}

/// Where identity policies live on IAM resources: inline `Policies` on roles, users and
/// groups; `PolicyDocument` on `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`.
pub const IDENTITY_POLICY_TYPES: &[&str] = &[
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
];

/// Statements of a resource's identity policies (see [`IDENTITY_POLICY_TYPES`]).
pub fn identity_statements<'a>(cx: &Ctx, res: &Res<'a>) -> Vec<Statement<'a>> {
    match res.resource.typ.as_str() {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
            statements(cx, res, "Policies/*/PolicyDocument")
        }
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => statements(cx, res, "PolicyDocument"),
        _ => vec![],
    }
}

/// An Allow of a resource policy that lets anyone in (Principal `*`, no restricting
/// condition): where it points, its scenario, and what it grants.
pub struct PublicGrant {
    pub when: When,
    pub span: Span,
    pub pointer: String,
    /// The actions it grants, joined (`sqs:SendMessage`), or `access`.
    pub what: String,
}

/// The public grants of the resource policy at `path`, and whether the policy could be
/// judged at all: `judged` is false when no Allow was readable or some statement was not
/// (rules never pass what they cannot read).
pub fn public_grants(cx: &Ctx, res: &Res, path: &str) -> (Vec<PublicGrant>, bool) {
    let (mut grants, mut judged, mut unsure) = (Vec::new(), false, false);
    for st in statements(cx, res, path) {
        if !st.is_allow() {
            unsure |= st.effect.is_none();
            continue;
        }
        judged = true;
        match (st.public_principal(), st.restricting_condition()) {
            (Some(true), Some(false)) => {
                let p = st.principals.iter().find(|p| p.is_public() == Some(true));
                let (span, pointer) = p.map_or((st.span, st.pointer.clone()), |p| {
                    (p.item.span, p.item.pointer.clone())
                });
                let actions: Vec<&str> = st.actions.iter().filter_map(|a| a.as_str()).collect();
                let what = if actions.is_empty() {
                    "access".to_string()
                } else {
                    actions.join(", ")
                };
                grants.push(PublicGrant {
                    when: st.when.clone(),
                    span,
                    pointer,
                    what,
                });
            }
            (Some(false), _) | (Some(true), Some(true)) => {}
            _ => unsure = true,
        }
    }
    (grants, judged && !unsure)
}

/// Statements of every policy document at `path` in the resource's properties
/// (`PolicyDocument`, `Policies/*/PolicyDocument`, `KeyPolicy`).
pub fn statements<'a>(cx: &Ctx, res: &Res<'a>, path: &str) -> Vec<Statement<'a>> {
    let mut out = Vec::new();
    for doc in res.at(cx, path) {
        if let Some(d) = doc.val {
            out.extend(document(&cx.eval.env, d, &doc.when, &doc.pointer));
        }
    }
    out
}

/// Statements of one document value, found at `pointer` in scenario `when`.
pub fn document<'a>(env: &Env, doc: &'a Val, when: &When, pointer: &str) -> Vec<Statement<'a>> {
    let mut out = Vec::new();
    for s in doc.at("Statement") {
        let Some(list) = s.val else { continue };
        let Some(when) = env.and(when, &s.when) else {
            continue;
        };
        let base = format!("{pointer}{}", s.pointer);
        // `Statement` is a list, or a single statement object.
        let members: Vec<(String, &'a Val)> = match &list.kind {
            ValKind::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{base}/{i}"), v))
                .collect(),
            ValKind::Map(_) => vec![(base.clone(), list)],
            // Not readable (an import, a parameter): one statement nobody can judge.
            _ => vec![(base.clone(), list)],
        };
        for (ptr, member) in members {
            for (w, st) in member.branches() {
                let Some(when) = env.and(&when, &w) else {
                    continue;
                };
                if st.is_map() {
                    out.extend(statement(env, st, &when, &ptr));
                } else if !matches!(st.kind, ValKind::Absent) {
                    out.push(unreadable(st, &when, &ptr));
                }
            }
        }
    }
    out
}

/// A statement whose content is not known: effect `None`, so callers treat it as
/// "cannot judge" (no finding, no pass).
fn unreadable<'a>(st: &'a Val, when: &When, pointer: &str) -> Statement<'a> {
    Statement {
        when: when.clone(),
        pointer: pointer.to_string(),
        span: st.span,
        sid: None,
        effect: None,
        actions: vec![],
        not_actions: vec![],
        resources: vec![],
        not_resources: vec![],
        principals: vec![],
        not_principals: vec![],
        has_principal: false,
        has_not_principal: false,
        principal_pointer: pointer.to_string(),
        principal_span: st.span,
        conditions: vec![],
        has_condition: false,
        condition_unknown: true,
    }
}

/// Field alternatives: each scenario with the items the field holds in it.
type Alts<'a, T> = Vec<(When, Vec<T>)>;

fn statement<'a>(env: &Env, st: &'a Val, when: &When, pointer: &str) -> Vec<Statement<'a>> {
    let mut variants = vec![Statement {
        sid: st.get("Sid").and_then(Val::as_str),
        condition_unknown: false,
        ..unreadable(st, when, pointer)
    }];

    // Effect: a scalar per scenario.
    let effects: Vec<(When, Option<Effect>)> = st
        .at("Effect")
        .into_iter()
        .map(|f| {
            let e = f.val.and_then(Val::as_str).and_then(|s| match s {
                "Allow" => Some(Effect::Allow),
                "Deny" => Some(Effect::Deny),
                _ => None,
            });
            (f.when, e)
        })
        .collect();
    variants = combine(env, variants, effects, |s, e| s.effect = e);

    for (key, set) in [
        (
            "Action",
            (|s, v| s.actions = v) as fn(&mut Statement<'a>, Vec<Item<'a>>),
        ),
        ("NotAction", |s, v| s.not_actions = v),
        ("Resource", |s, v| s.resources = v),
        ("NotResource", |s, v| s.not_resources = v),
    ] {
        let alts = field_items(env, st, key, pointer);
        variants = combine(env, variants, alts, set);
    }

    // `Principal` first: `NotPrincipal` gives the location only to a statement without it.
    for (key, not) in [("Principal", false), ("NotPrincipal", true)] {
        let alts = principal_alts(env, st, key, pointer);
        variants = combine(env, variants, alts, |s, field: PrincipalField<'a>| {
            let present = !field.principals.is_empty();
            if present && !(not && s.has_principal) {
                (s.principal_pointer, s.principal_span) = (field.pointer, field.span);
            }
            let ps: Vec<Principal<'a>> = field.principals.into_iter().flatten().collect();
            if not {
                s.has_not_principal = present;
                s.not_principals = ps;
            } else {
                s.has_principal = present;
                s.principals = ps;
            }
        });
    }

    let alts = st
        .at("Condition")
        .into_iter()
        .map(|f| (f.when, conditions(f.val, pointer)))
        .collect();
    variants = combine(env, variants, alts, |s, (conditions, has, unknown)| {
        s.conditions = conditions;
        s.has_condition = has;
        s.condition_unknown = unknown;
    });
    variants
}

/// Cross every variant with every alternative of one field, pruning impossible scenarios.
fn combine<'a, T: Clone>(
    env: &Env,
    variants: Vec<Statement<'a>>,
    alts: Vec<(When, T)>,
    set: impl Fn(&mut Statement<'a>, T),
) -> Vec<Statement<'a>> {
    if alts.is_empty() {
        return variants;
    }
    let mut out = Vec::new();
    for v in &variants {
        for (w, items) in &alts {
            if out.len() >= MAX_VARIANTS {
                return out;
            }
            let Some(when) = env.and(&v.when, w) else {
                continue;
            };
            let mut s = v.clone();
            s.when = when;
            set(&mut s, items.clone());
            out.push(s);
        }
    }
    out
}

/// The items of a string-or-list field, per scenario. Absent → no items.
fn field_items<'a>(env: &Env, st: &'a Val, key: &str, pointer: &str) -> Alts<'a, Item<'a>> {
    let mut out = Vec::new();
    for f in st.at(key) {
        let ptr = format!("{pointer}{}", f.pointer);
        match f.val {
            None => out.push((f.when, vec![])),
            Some(v) => {
                for (w, items) in value_items(env, v, &ptr) {
                    if let Some(when) = env.and(&f.when, &w) {
                        out.push((when, items));
                    }
                }
            }
        }
    }
    out
}

/// A value as a list of items per scenario: a list's elements (each element's `Fn::If`
/// alternatives multiplied out, `AWS::NoValue` elements dropped), or the value itself.
fn value_items<'a>(env: &Env, v: &'a Val, pointer: &str) -> Alts<'a, Item<'a>> {
    let mut out: Alts<'a, Item<'a>> = Vec::new();
    for (w, b) in v.branches() {
        match &b.kind {
            ValKind::Absent => out.push((w, vec![])),
            ValKind::List(items) => {
                let mut acc: Alts<'a, Item<'a>> = vec![(w, vec![])];
                for (i, item) in items.iter().enumerate() {
                    let mut next = Vec::new();
                    for (aw, list) in &acc {
                        for (iw, iv) in item.branches() {
                            if next.len() >= MAX_VARIANTS {
                                break;
                            }
                            let Some(when) = env.and(aw, &iw) else {
                                continue;
                            };
                            let mut list = list.clone();
                            if !matches!(iv.kind, ValKind::Absent) {
                                list.push(Item {
                                    val: iv,
                                    pointer: format!("{pointer}/{i}"),
                                    span: iv.span,
                                });
                            }
                            next.push((when, list));
                        }
                    }
                    acc = next;
                }
                out.extend(acc);
            }
            _ => out.push((
                w,
                vec![Item {
                    val: b,
                    pointer: pointer.to_string(),
                    span: b.span,
                }],
            )),
        }
    }
    out
}

/// One alternative of a `Principal` (or `NotPrincipal`) field.
#[derive(Clone)]
struct PrincipalField<'a> {
    /// Empty when the field is absent; a present field holds at least one entry (`None`
    /// entries mark a principal map with nothing readable).
    principals: Vec<Option<Principal<'a>>>,
    /// Where the field's value stands.
    pointer: String,
    span: Span,
}

/// Principals per scenario.
fn principal_alts<'a>(
    env: &Env,
    st: &'a Val,
    key: &str,
    pointer: &str,
) -> Vec<(When, PrincipalField<'a>)> {
    let mut out = Vec::new();
    for f in st.at(key) {
        let ptr = format!("{pointer}{}", f.pointer);
        let field = |principals| PrincipalField {
            principals,
            pointer: ptr.clone(),
            span: f.span,
        };
        let Some(v) = f.val else {
            out.push((f.when.clone(), field(vec![])));
            continue;
        };
        if !v.is_map() {
            // `Principal: "*"` (or something unknown).
            let item = Item {
                val: v,
                pointer: ptr.clone(),
                span: v.span,
            };
            out.push((
                f.when.clone(),
                field(vec![Some(Principal { kind: None, item })]),
            ));
            continue;
        }
        let mut acc: Alts<'a, Option<Principal<'a>>> = vec![(f.when.clone(), vec![None])];
        for (kind, kv) in v.entries() {
            let kptr = format!("{ptr}/{}", crate::model::pointer_escape(kind));
            let alts = value_items(env, kv, &kptr);
            let mut next = Vec::new();
            for (aw, list) in &acc {
                for (w, items) in &alts {
                    if next.len() >= MAX_VARIANTS {
                        break;
                    }
                    let Some(when) = env.and(aw, w) else { continue };
                    let mut list = list.clone();
                    list.extend(items.iter().map(|i| {
                        Some(Principal {
                            kind: Some(kind.clone()),
                            item: i.clone(),
                        })
                    }));
                    next.push((when, list));
                }
            }
            acc = next;
        }
        out.extend(acc.into_iter().map(|(w, list)| (w, field(list))));
    }
    out
}

/// `(conditions, present, unknown)` of one alternative of the `Condition` field: every
/// operator/key, with the values of all alternatives below it.
fn conditions<'a>(cond: Option<&'a Val>, pointer: &str) -> (Vec<Condition<'a>>, bool, bool) {
    let Some(cond) = cond else {
        return (vec![], false, false);
    };
    let ValKind::Map(ops) = &cond.kind else {
        return (vec![], true, true);
    };
    let mut out = Vec::new();
    let mut unknown = false;
    for (op, keys) in ops {
        for (_, kmap) in keys.branches() {
            match &kmap.kind {
                ValKind::Map(keys) => {
                    for (key, values) in keys {
                        let ptr = format!(
                            "{pointer}/Condition/{}/{}",
                            crate::model::pointer_escape(op),
                            crate::model::pointer_escape(key)
                        );
                        out.push(Condition {
                            operator: op.clone(),
                            key: key.clone(),
                            values: condition_values(values, &ptr),
                        });
                    }
                }
                ValKind::Absent => {}
                _ => unknown = true,
            }
        }
    }
    (out, true, unknown)
}

/// A condition key's values, every alternative's.
fn condition_values<'a>(values: &'a Val, ptr: &str) -> Vec<Item<'a>> {
    let mut items = Vec::new();
    for (_, vb) in values.branches() {
        match &vb.kind {
            ValKind::List(l) => {
                for (i, e) in l.iter().enumerate() {
                    for (_, eb) in e.branches() {
                        items.push(Item {
                            val: eb,
                            pointer: format!("{ptr}/{i}"),
                            span: eb.span,
                        });
                    }
                }
            }
            ValKind::Absent => {}
            _ => items.push(Item {
                val: vb,
                pointer: ptr.to_string(),
                span: vb.span,
            }),
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_that_accept_only_star() {
        for a in [
            "ssmmessages:*",
            "ssmmessages:CreateControlChannel",
            "ec2messages:*",
            "ec2messages:Get*",
            "cloudwatch:PutMetricData",
            "CloudWatch:putmetricdata",
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
        ] {
            assert!(accepts_only_star_resource(a), "{a}");
        }
        for a in [
            "*",
            "ssm:*",
            "cloudwatch:*",
            "cloudwatch:Put*",
            "ssm:UpdateInstanceInformation",
            "xray:*",
            "s3:PutObject",
        ] {
            assert!(!accepts_only_star_resource(a), "{a}");
        }
        assert_eq!(
            star_only_service_actions("ssmmessages:*").map(<[_]>::len),
            Some(4)
        );
        assert_eq!(star_only_service_actions("cloudwatch:*"), None);
        assert_eq!(star_only_service_actions("cloudwatch:PutMetricData"), None);
    }

    #[test]
    fn read_only_actions_by_verb() {
        for a in [
            "s3:GetObject",
            "ec2:Describe*",
            "dynamodb:Query",
            "s3:ListBucket",
            "logs:FilterLogEvents",
            "s3:get*",
        ] {
            assert!(is_read_only_action(a), "{a}");
        }
        for a in [
            "*",
            "s3:*",
            "s3:*Object",
            "s3:PutObject",
            "iam:PassRole",
            "GetObject",
            "*:Get*",
        ] {
            assert!(!is_read_only_action(a), "{a}");
        }
    }

    #[test]
    fn wildcard_actions() {
        assert!(is_wildcard_action("*"));
        assert!(is_wildcard_action("s3:*"));
        assert!(!is_wildcard_action("s3:Get*"));
        assert!(!is_wildcard_action(""));
    }

    fn principal<'a>(kind: Option<&str>, val: &'a Val) -> Principal<'a> {
        Principal {
            kind: kind.map(str::to_string),
            item: Item {
                val,
                pointer: String::new(),
                span: Span::default(),
            },
        }
    }

    #[test]
    fn public_principals() {
        let v = |kind| Val::new(kind, Span::default());
        let text = |t: &str| {
            v(ValKind::Text {
                text: t.to_string(),
                refs: vec![],
            })
        };
        let star = v(ValKind::Str(" * ".into()));
        let role = text("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/reader");
        let placeholder = text("${Who}");
        let resource = v(ValKind::Ref {
            target: "Role".into(),
            attr: Some("Arn".into()),
        });
        let unknown = Val::unknown("parameter without default", Span::default());
        assert_eq!(principal(None, &star).is_public(), Some(true));
        assert_eq!(principal(Some("AWS"), &star).is_public(), Some(true));
        assert_eq!(principal(Some("Service"), &star).is_public(), Some(false));
        assert_eq!(principal(Some("AWS"), &role).is_public(), Some(false));
        assert_eq!(principal(Some("AWS"), &resource).is_public(), Some(false));
        assert_eq!(principal(Some("AWS"), &placeholder).is_public(), None);
        assert_eq!(principal(Some("AWS"), &unknown).is_public(), None);
        let ps = [principal(Some("AWS"), &unknown), principal(None, &star)];
        assert_eq!(any_public(&ps), Some(true));
        assert_eq!(any_public(&ps[..1]), None);
    }

    #[test]
    fn condition_operators() {
        let c = |op: &str, key: &str| Condition {
            operator: op.into(),
            key: key.into(),
            values: vec![],
        };
        let lenient = c("StringNotEqualsIfExists", "aws:SourceVpce");
        assert_eq!(lenient.base_operator(), "StringNotEquals");
        assert!(lenient.is_negated() && lenient.lenient_when_absent());
        assert!(lenient.restricts_who());
        let all = c("ForAllValues:StringEquals", "AWS:PrincipalOrgID");
        assert_eq!(all.base_operator(), "StringEquals");
        assert!(!all.is_negated() && all.lenient_when_absent() && all.restricts_who());
        assert!(c("NotIpAddress", "aws:SourceIp").is_negated());
        assert!(!c("Bool", "aws:SecureTransport").restricts_who());
    }

    #[test]
    fn glob() {
        assert!(glob_match("iam:Pass*", "iam:PassRole"));
        assert!(glob_match("*", "iam:PassRole"));
        assert!(glob_match("iam:?assRole", "IAM:passrole"));
        assert!(!glob_match("s3:Get*", "s3:PutObject"));
    }
}
