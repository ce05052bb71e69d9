//! The intrinsic functions, one method each.

use super::{CondState, Evaluator, MAX_ALTERNATIVES, Source, Val, ValKind, When};
use crate::load::{Node, Span};

impl Evaluator<'_> {
    pub(super) fn intrinsic(&self, f: &str, arg: &Node, span: Span, ctx: &When) -> Val {
        match f {
            "Ref" => self.ref_(arg, span),
            "Fn::GetAtt" => self.get_att(arg, span, ctx),
            "Fn::Sub" => self.sub(arg, span, ctx),
            "Fn::Join" => self.join(arg, span, ctx),
            "Fn::Select" => self.select(arg, span, ctx),
            "Fn::Split" => self.split(arg, span, ctx),
            "Fn::If" => self.if_(arg, span, ctx),
            "Fn::FindInMap" => self.find_in_map(arg, span, ctx),
            // Base64 encodes at deploy time; rules want the text inside (UserData).
            "Fn::Base64" => {
                let mut v = self.eval(arg, ctx);
                v.span = span;
                v
            }
            "Fn::GetAZs" => Val::unknown("availability zones are known only at deploy time", span),
            "Fn::ImportValue" => Val::unknown("imported from another stack", span),
            "Fn::Cidr" => Val::unknown("Fn::Cidr is computed at deploy time", span),
            "Fn::Transform" => Val::unknown("the value comes from a macro", span),
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                Val::unknown("condition function used as a value", span)
            }
            other => Val::unknown(format!("{other} is not evaluated"), span),
        }
    }

    fn ref_(&self, arg: &Node, span: Span) -> Val {
        let Some(name) = arg.as_name() else {
            self.warn(span, "Ref takes the name of a parameter or resource".into());
            return Val::unknown("malformed Ref", span);
        };
        self.ref_name(name, span)
    }

    pub(super) fn ref_name(&self, name: &str, span: Span) -> Val {
        let env = self.env;
        let s = |s: &str| Val::new(ValKind::Str(s.to_string()), span);
        let text = |t: &str| {
            Val::new(
                ValKind::Text {
                    text: format!("${{{t}}}"),
                    refs: vec![],
                },
                span,
            )
        };
        match name {
            "AWS::Region" => {
                // An assumed region (none given) makes conditions on it defaults, not facts.
                if !env.region_given {
                    self.used_default.set(true);
                }
                return s(&env.region);
            }
            "AWS::Partition" => return s(env.partition()),
            "AWS::URLSuffix" => return s(env.url_suffix()),
            "AWS::AccountId" => return env.account.as_deref().map_or_else(|| text(name), s),
            "AWS::StackName" | "AWS::StackId" => return text(name),
            "AWS::NoValue" => return Val::new(ValKind::Absent, span),
            "AWS::NotificationARNs" => {
                return Val::unknown("notification ARNs are given at deploy time", span);
            }
            _ => {}
        }
        if let Some(p) = self.template.parameter(name) {
            let (raw, source) = match env.overrides.get(name) {
                Some(v) => (v.clone(), Source::Given),
                None => match p
                    .default
                    .as_ref()
                    .and_then(|d| d.as_str().or_else(|| list_default(d)))
                {
                    Some(d) => (d, Source::Default),
                    None => return Val::unknown(format!("parameter {name} has no default"), span),
                },
            };
            if p.typ.starts_with("AWS::SSM::Parameter::Value") {
                return Val::unknown(
                    format!("parameter {name} is read from SSM at deploy time"),
                    span,
                );
            }
            if source == Source::Default {
                self.used_default.set(true);
            }
            return if p.typ == "CommaDelimitedList" || p.typ.starts_with("List<") {
                let items = raw
                    .split(',')
                    .map(|i| Val::new(ValKind::Str(i.trim().to_string()), span))
                    .collect();
                Val::new(ValKind::List(items), span)
            } else {
                s(&raw)
            };
        }
        if self.template.resource(name).is_some() {
            return Val::new(
                ValKind::Ref {
                    target: name.to_string(),
                    attr: None,
                },
                span,
            );
        }
        self.warn(
            span,
            format!("Ref to `{name}`, which is not a parameter, resource or pseudo parameter"),
        );
        Val::unknown(format!("unresolved reference {name}"), span)
    }

    fn get_att(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        let (target, attr) = match (items.first().and_then(Node::as_name), items.get(1)) {
            (Some(t), Some(a)) => match self.eval(a, ctx).as_str() {
                Some(a) => (t.to_string(), a.to_string()),
                None => return Val::unknown("GetAtt attribute is not a literal", span),
            },
            _ => match arg.as_name().and_then(|s| {
                s.split_once('.')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            }) {
                Some(p) => p,
                None => {
                    self.warn(span, "Fn::GetAtt takes [LogicalId, Attribute]".into());
                    return Val::unknown("malformed GetAtt", span);
                }
            },
        };
        if self.template.resource(&target).is_none() {
            self.warn(
                span,
                format!("GetAtt on `{target}`, which is not a resource"),
            );
            return Val::unknown(format!("unresolved reference {target}"), span);
        }
        Val::new(
            ValKind::Ref {
                target,
                attr: Some(attr),
            },
            span,
        )
    }

    fn sub(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let (template_node, vars) = match arg.items() {
            [t] => (t, None),
            [t, v] => (t, Some(v)),
            [] if arg.as_scalar().is_some() => (arg, None),
            _ => {
                self.warn(
                    span,
                    "Fn::Sub takes a string or [string, {variables}]".into(),
                );
                return Val::unknown("malformed Sub", span);
            }
        };
        let Some(text) = template_node.as_str() else {
            return Val::unknown("Sub template is not a literal string", span);
        };
        // Parts: literal text and `${...}` placeholders; `${!x}` is a literal `${x}`.
        let mut parts: Vec<Val> = Vec::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("${") {
            let (lit, after) = rest.split_at(i);
            let Some(end) = after.find('}') else { break };
            let name = &after[2..end];
            parts.push(Val::new(ValKind::Str(lit.to_string()), span));
            if let Some(literal) = name.strip_prefix('!') {
                parts.push(Val::new(ValKind::Str(format!("${{{literal}}}")), span));
            } else {
                let name = name.trim();
                let var = vars.and_then(|v| v.get(name));
                parts.push(match var {
                    Some(node) => self.eval(node, ctx),
                    None => match name.split_once('.') {
                        Some((res, attr)) if self.template.resource(res).is_some() => Val::new(
                            ValKind::Ref {
                                target: res.to_string(),
                                attr: Some(attr.to_string()),
                            },
                            span,
                        ),
                        _ => self.ref_name(name, span),
                    },
                });
            }
            rest = &after[end + 1..];
        }
        parts.push(Val::new(ValKind::Str(rest.to_string()), span));
        self.distribute(&parts, span, ctx, |vals| concat(vals, "", span))
    }

    fn join(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        let (Some(delim), Some(list)) = (items.first().and_then(Node::as_str), items.get(1)) else {
            self.warn(span, "Fn::Join takes [delimiter, [values]]".into());
            return Val::unknown("malformed Join", span);
        };
        let list = self.eval(list, ctx);
        self.distribute(&[list], span, ctx, |vals| match &vals[0].kind {
            ValKind::List(items) => {
                let refs: Vec<&Val> = items.iter().collect();
                concat(&refs, &delim, span)
            }
            _ => Val::unknown("Join over a list that is not known", span),
        })
    }

    fn select(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        let (Some(index), Some(list)) = (items.first(), items.get(1)) else {
            self.warn(span, "Fn::Select takes [index, [values]]".into());
            return Val::unknown("malformed Select", span);
        };
        let index = self.eval(index, ctx);
        let list = self.eval(list, ctx);
        self.distribute(&[index, list], span, ctx, |vals| {
            match (vals[0].as_i64(), &vals[1].kind) {
                (Some(i), ValKind::List(items)) => {
                    match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                        Some(v) => v.clone(),
                        None => Val::unknown(format!("Select index {i} is out of range"), span),
                    }
                }
                _ => Val::unknown("Select over a value that is not known", span),
            }
        })
    }

    fn split(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        let (Some(delim), Some(source)) = (items.first().and_then(Node::as_str), items.get(1))
        else {
            self.warn(span, "Fn::Split takes [delimiter, string]".into());
            return Val::unknown("malformed Split", span);
        };
        let source = self.eval(source, ctx);
        self.distribute(&[source], span, ctx, |vals| match vals[0].as_str() {
            Some(s) if !delim.is_empty() => Val::new(
                ValKind::List(
                    s.split(delim.as_str())
                        .map(|p| Val::new(ValKind::Str(p.to_string()), span))
                        .collect(),
                ),
                span,
            ),
            _ => Val::unknown("Split of a value that is not known", span),
        })
    }

    fn if_(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        let (Some(cond), Some(yes), Some(no)) = (items.first(), items.get(1), items.get(2)) else {
            self.warn(
                span,
                "Fn::If takes [condition name, value if true, value if false]".into(),
            );
            return Val::unknown("malformed If", span);
        };
        let Some(name) = cond.as_name() else {
            self.warn(
                cond.span,
                "the first argument of Fn::If must be the name of a condition, not an expression"
                    .into(),
            );
            return Val::unknown("Fn::If with an invalid condition", span);
        };
        if self
            .template
            .conditions()
            .and_then(|c| c.get(name))
            .is_none()
        {
            self.warn(
                cond.span,
                format!("Fn::If refers to condition `{name}`, which is not defined"),
            );
            return Val::unknown(format!("undefined condition {name}"), span);
        }
        match self.env.condition(name) {
            CondState::Known(b) => return self.eval(if b { yes } else { no }, ctx),
            CondState::Default(_) | CondState::Unknown => {}
        }
        let mut alts: Vec<(When, Val)> = Vec::new();
        for (value, branch) in [(true, yes), (false, no)] {
            let Some(when) = self.env.and(ctx, &When::one(name, value)) else {
                continue;
            };
            let v = self.eval(branch, &when);
            push_alt(&mut alts, when, v);
        }
        finish_alts(alts, ctx, span)
    }

    fn find_in_map(&self, arg: &Node, span: Span, ctx: &When) -> Val {
        let items = arg.items();
        if items.len() < 3 {
            self.warn(
                span,
                "Fn::FindInMap takes [map, top-level key, second-level key]".into(),
            );
            return Val::unknown("malformed FindInMap", span);
        }
        let keys: Vec<Val> = items[..3].iter().map(|k| self.eval(k, ctx)).collect();
        // The language extension's DefaultValue: `[m, k1, k2, {DefaultValue: v}]`.
        let fallback = items
            .get(3)
            .and_then(|d| d.get("DefaultValue"))
            .map(|d| self.eval(d, ctx));
        self.distribute(&keys, span, ctx, |k| {
            let (Some(m), Some(a), Some(b)) = (k[0].as_str(), k[1].as_str(), k[2].as_str()) else {
                return Val::unknown("FindInMap keys are not known", span);
            };
            match self
                .template
                .mappings()
                .and_then(|ms| ms.get(m))
                .and_then(|m| m.get(a))
                .and_then(|t| t.get(b))
            {
                Some(node) => self.eval(node, &When::ALWAYS),
                None => fallback
                    .clone()
                    .unwrap_or_else(|| Val::unknown(format!("no mapping entry {m}.{a}.{b}"), span)),
            }
        })
    }

    /// Apply `f` to every combination of the inputs' alternatives (only these inputs'),
    /// pruning impossible ones. Too many combinations give an unknown value.
    fn distribute(
        &self,
        inputs: &[Val],
        span: Span,
        ctx: &When,
        f: impl Fn(&[&Val]) -> Val,
    ) -> Val {
        if inputs.iter().all(|v| !matches!(v.kind, ValKind::Alts(_))) {
            let refs: Vec<&Val> = inputs.iter().collect();
            return f(&refs);
        }
        let mut combos: Vec<(When, Vec<&Val>)> = vec![(ctx.clone(), Vec::new())];
        for input in inputs {
            let mut next = Vec::new();
            for (when, picked) in &combos {
                for (w, v) in input.branches() {
                    if let Some(both) = self.env.and(when, &w) {
                        let mut p = picked.clone();
                        p.push(v);
                        next.push((both, p));
                        if next.len() > MAX_ALTERNATIVES {
                            return Val::unknown("too many alternatives to follow", span);
                        }
                    }
                }
            }
            combos = next;
        }
        let mut alts = Vec::new();
        for (when, picked) in combos {
            let v = if picked.iter().any(|v| matches!(v.kind, ValKind::Absent)) {
                Val::new(ValKind::Absent, span)
            } else {
                f(&picked)
            };
            push_alt(&mut alts, when, v);
        }
        finish_alts(alts, ctx, span)
    }
}

/// Add an alternative, flattening nested alternatives (their scenarios already include
/// this one's) and merging equal values.
fn push_alt(alts: &mut Vec<(When, Val)>, when: When, v: Val) {
    match v.kind {
        ValKind::Alts(inner) => {
            for (w, iv) in inner {
                if let Some(both) = when.and(&w) {
                    push_alt(alts, both, iv);
                }
            }
        }
        _ => alts.push((when, v)),
    }
}

fn finish_alts(alts: Vec<(When, Val)>, ctx: &When, span: Span) -> Val {
    match alts.len() {
        0 => Val::unknown("no branch of Fn::If can happen", span),
        1 if alts[0].0 == *ctx => alts
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .unwrap_or_else(|| Val::unknown("", span)),
        n if n > MAX_ALTERNATIVES => Val::unknown("too many alternatives to follow", span),
        _ => Val::new(ValKind::Alts(alts), span),
    }
}

/// Concatenate known and partly known strings; unknown parts become `${...}`.
fn concat(vals: &[&Val], delim: &str, span: Span) -> Val {
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut partial = false;
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            text.push_str(delim);
        }
        match &v.kind {
            ValKind::Str(s) | ValKind::Num(s) => text.push_str(s),
            ValKind::Bool(b) => text.push_str(if *b { "true" } else { "false" }),
            ValKind::Text { text: t, refs: r } => {
                text.push_str(t);
                refs.extend(r.iter().cloned());
                partial = true;
            }
            ValKind::Ref { target, attr } => {
                match attr {
                    Some(a) => text.push_str(&format!("${{{target}.{a}}}")),
                    None => text.push_str(&format!("${{{target}}}")),
                }
                refs.push(target.clone());
                partial = true;
            }
            ValKind::Unknown(_) => {
                text.push_str("${?}");
                partial = true;
            }
            // Lists or maps in a string context: CloudFormation would reject the template.
            _ => return Val::unknown("a list or map where a string was expected", span),
        }
    }
    if partial {
        refs.sort();
        refs.dedup();
        Val::new(ValKind::Text { text, refs }, span)
    } else {
        Val::new(ValKind::Str(text), span)
    }
}

fn list_default(node: &Node) -> Option<String> {
    let items = node.items();
    (!items.is_empty()).then(|| {
        items
            .iter()
            .filter_map(Node::as_str)
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A plain string that looks like an intrinsic written wrong (`Ref Queue`, `!Ref` inside
/// quotes) deploys as that literal text: worth a warning.
pub(super) fn check_malformed(ev: &Evaluator<'_>, raw: &str, span: Span) {
    let mut words = raw.splitn(2, ' ');
    let (Some(head), Some(rest)) = (words.next(), words.next()) else {
        return;
    };
    let looks = matches!(
        head,
        "Ref" | "!Ref" | "!Sub" | "!GetAtt" | "!If" | "!Join" | "!FindInMap" | "!Select"
    ) || (head.starts_with("Fn::")
        && head.len() > 4
        && head[4..].chars().all(|c| c.is_ascii_alphanumeric()));
    if looks && !rest.is_empty() && !rest.contains(' ') {
        ev.warn(span, format!("`{raw}` is a plain string that looks like a malformed intrinsic function; it deploys as literal text"));
    }
}
