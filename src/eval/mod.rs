//! eval: resolve intrinsic functions against an environment.
//!
//! Every value becomes known, alternatives (from `Fn::If`, each with its scenario), or
//! unknown with a reason. Alternatives live on the value that holds them: a property's
//! nested `Fn::If`s multiply only with each other, and impossible combinations are pruned
//! as they are built, so a template with dozens of conditions costs what its values cost.

mod env;
mod intrinsics;
pub mod region;
mod value;
mod when;

use std::cell::Cell;
use std::collections::HashMap;

pub(crate) use env::Fact;
pub use env::{CondState, Env, Source};
pub use value::{Found, Val, ValKind};
pub use when::When;

use crate::load::{Diagnostic, Node, NodeKind, ScalarValue, Span};
use crate::model::Template;

/// Most alternatives one value may carry before it is declared unknown.
pub const MAX_ALTERNATIVES: usize = 64;

/// A resource after evaluation.
#[derive(Debug, Clone)]
pub struct EvalResource {
    /// `Properties`, evaluated: a map, alternatives of maps, or absent (empty map).
    pub props: Val,
    /// The resource's own `Condition`, if any.
    pub when: When,
    /// False when its `Condition` is known to be false: the resource is never created.
    pub exists: bool,
}

#[derive(Debug, Clone)]
pub struct Evaluated {
    pub env: Env,
    /// Parallel to `Template::resources`.
    pub resources: Vec<EvalResource>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Evaluate every resource's properties.
pub fn evaluate(template: &Template, mut env: Env) -> Evaluated {
    let mut diagnostics = Vec::new();
    prepare_conditions(template, &mut env, &mut diagnostics);
    let resources = {
        let ev = Evaluator::new(template, &env);
        let resources = template
            .resources
            .iter()
            .map(|r| {
                let (when, exists) = match &r.condition {
                    Some(c) => match env.condition(c) {
                        CondState::Known(true) => (When::ALWAYS, true),
                        CondState::Known(false) => (When::one(c, true), false),
                        _ => (When::one(c, true), true),
                    },
                    None => (When::ALWAYS, true),
                };
                let props = match r.properties() {
                    Some(p) => ev.eval(p, &when),
                    None => Val::new(ValKind::Map(vec![]), r.id_span),
                };
                EvalResource {
                    props,
                    when,
                    exists,
                }
            })
            .collect();
        diagnostics.extend(ev.diagnostics.take());
        resources
    };
    Evaluated {
        env,
        resources,
        diagnostics,
    }
}

/// Work out each condition's state and the parameter facts each of its values implies.
fn prepare_conditions(template: &Template, env: &mut Env, diagnostics: &mut Vec<Diagnostic>) {
    for p in &template.parameters {
        env.allowed.insert(p.name.clone(), p.allowed_values.clone());
    }
    let Some(conds) = template.conditions() else {
        return;
    };
    // Conditions may refer to each other in any order: resolve on demand, with a guard
    // against cycles.
    let names: Vec<String> = conds.entries().iter().map(|e| e.key.clone()).collect();
    let mut state: HashMap<String, CondState> = HashMap::new();
    let mut visiting = Vec::new();
    for name in &names {
        cond_state(template, env, name, &mut state, &mut visiting, diagnostics);
    }
    env.conditions = state;
    for e in conds.entries() {
        for value in [true, false] {
            if let Some(facts) = cond_facts(template, &e.value, value, 0) {
                env.facts.insert((e.key.clone(), value), facts);
            }
        }
    }
}

fn cond_state(
    template: &Template,
    env: &Env,
    name: &str,
    state: &mut HashMap<String, CondState>,
    visiting: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> CondState {
    if let Some(s) = state.get(name) {
        return *s;
    }
    let Some(node) = template.conditions().and_then(|c| c.get(name)) else {
        return CondState::Unknown;
    };
    if visiting.iter().any(|v| v == name) {
        diagnostics.push(Diagnostic {
            span: node.span,
            message: format!("condition {name} refers to itself"),
        });
        return CondState::Unknown;
    }
    visiting.push(name.to_string());
    let s = cond_expr(template, env, node, state, visiting, diagnostics);
    visiting.pop();
    state.insert(name.to_string(), s);
    s
}

/// Three-valued evaluation of a condition expression, tracking whether defaults were used.
fn cond_expr(
    template: &Template,
    env: &Env,
    node: &Node,
    state: &mut HashMap<String, CondState>,
    visiting: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> CondState {
    use CondState::*;
    let Some((f, arg)) = node.intrinsic() else {
        return match node.as_scalar().map(|s| &s.value) {
            Some(ScalarValue::Bool(b)) => Known(*b),
            _ => Unknown,
        };
    };
    let mut sub = |n: &Node| cond_expr(template, env, n, state, visiting, diagnostics);
    match f {
        "Condition" => match arg.as_name() {
            Some(name) => cond_state(template, env, name, state, visiting, diagnostics),
            None => Unknown,
        },
        "Fn::Not" => match arg.items().first().map(&mut sub) {
            Some(Known(b)) => Known(!b),
            Some(Default(b)) => Default(!b),
            _ => Unknown,
        },
        "Fn::And" | "Fn::Or" => {
            let is_and = f == "Fn::And";
            let parts: Vec<CondState> = arg.items().iter().map(&mut sub).collect();
            // A decisive known operand settles it; otherwise combine what we have.
            if parts.contains(&Known(!is_and)) {
                return Known(!is_and);
            }
            if parts.contains(&Unknown) {
                return Unknown;
            }
            let all_known = parts.iter().all(|p| matches!(p, Known(_)));
            let value = if is_and {
                parts
                    .iter()
                    .all(|p| matches!(p, Known(true) | Default(true)))
            } else {
                parts
                    .iter()
                    .any(|p| matches!(p, Known(true) | Default(true)))
            };
            if all_known {
                Known(value)
            } else {
                Default(value)
            }
        }
        "Fn::Equals" => {
            let items = arg.items();
            if items.len() != 2 {
                return Unknown;
            }
            let ev = Evaluator::new(template, env);
            let a = ev.eval(&items[0], &When::ALWAYS);
            let b = ev.eval(&items[1], &When::ALWAYS);
            let assumed = ev.used_default.get();
            match (a.as_str(), b.as_str()) {
                (Some(x), Some(y)) if assumed => Default(x == y),
                (Some(x), Some(y)) => Known(x == y),
                _ => Unknown,
            }
        }
        _ => Unknown,
    }
}

/// Parameter facts implied by a condition expression having `value`, where expressible.
fn cond_facts(template: &Template, node: &Node, value: bool, depth: usize) -> Option<Vec<Fact>> {
    if depth > 32 {
        return None;
    }
    let (f, arg) = node.intrinsic()?;
    match f {
        "Condition" => {
            let name = arg.as_name()?;
            cond_facts(
                template,
                template.conditions()?.get(name)?,
                value,
                depth + 1,
            )
        }
        "Fn::Not" => cond_facts(template, arg.items().first()?, !value, depth + 1),
        // And=true / Or=false: every operand's facts hold.
        "Fn::And" | "Fn::Or" if (f == "Fn::And") == value => {
            let mut all = Vec::new();
            for item in arg.items() {
                all.extend(cond_facts(template, item, value, depth + 1)?);
            }
            Some(all)
        }
        "Fn::Equals" => {
            let items = arg.items();
            let param_of = |n: &Node| {
                n.intrinsic()
                    .filter(|(f, _)| *f == "Ref")
                    .and_then(|(_, a)| a.as_name())
                    .filter(|name| template.parameter(name).is_some())
                    .map(str::to_string)
            };
            let (p, lit) = match (items.first(), items.get(1)) {
                (Some(a), Some(b)) => match (param_of(a), param_of(b)) {
                    (Some(p), None) => (p, b.as_str()?),
                    (None, Some(p)) => (p, a.as_str()?),
                    _ => return None,
                },
                _ => return None,
            };
            Some(vec![if value {
                Fact::Eq(p, lit)
            } else {
                Fact::Ne(p, lit)
            }])
        }
        _ => None,
    }
}

/// Evaluates nodes of one template. `used_default` records whether a parameter default
/// was read (condition states use it to tell facts from defaults).
pub(crate) struct Evaluator<'a> {
    pub(crate) template: &'a Template,
    pub(crate) env: &'a Env,
    pub(crate) used_default: Cell<bool>,
    pub(crate) diagnostics: Cell<Vec<Diagnostic>>,
    depth: Cell<usize>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(template: &'a Template, env: &'a Env) -> Self {
        Evaluator {
            template,
            env,
            used_default: Cell::new(false),
            diagnostics: Cell::new(Vec::new()),
            depth: Cell::new(0),
        }
    }

    pub(crate) fn warn(&self, span: Span, message: String) {
        let mut d = self.diagnostics.take();
        d.push(Diagnostic { span, message });
        self.diagnostics.set(d);
    }

    /// Evaluate a node in the scenario `ctx` (used to prune impossible branches).
    pub(crate) fn eval(&self, node: &Node, ctx: &When) -> Val {
        // The loader bounds nesting depth; this guards intrinsics that re-enter (Sub, If).
        if self.depth.get() > 512 {
            return Val::unknown("nesting too deep", node.span);
        }
        self.depth.set(self.depth.get() + 1);
        let v = self.eval_inner(node, ctx);
        self.depth.set(self.depth.get() - 1);
        v
    }

    fn eval_inner(&self, node: &Node, ctx: &When) -> Val {
        if let Some((f, arg)) = node.intrinsic()
            && f != "Condition"
        {
            return self.intrinsic(f, arg, node.span, ctx);
        }
        match &node.kind {
            NodeKind::Scalar(s) => {
                let kind = match &s.value {
                    ScalarValue::Null => ValKind::Null,
                    ScalarValue::Bool(b) => ValKind::Bool(*b),
                    ScalarValue::Int(i) => ValKind::Num(i.to_string()),
                    ScalarValue::Float(_) => ValKind::Num(s.raw.clone()),
                    ScalarValue::Str => {
                        intrinsics::check_malformed(self, &s.raw, node.span);
                        ValKind::Str(s.raw.clone())
                    }
                };
                Val::new(kind, node.span)
            }
            NodeKind::Seq(items) => {
                let vals = items
                    .iter()
                    .map(|i| self.eval(i, ctx))
                    .filter(|v| !matches!(v.kind, ValKind::Absent))
                    .collect();
                Val::new(ValKind::List(vals), node.span)
            }
            NodeKind::Map(entries) => {
                let vals = entries
                    .iter()
                    .map(|e| (e.key.clone(), self.eval(&e.value, ctx)))
                    .filter(|(_, v)| !matches!(v.kind, ValKind::Absent))
                    .collect();
                Val::new(ValKind::Map(vals), node.span)
            }
        }
    }
}

#[cfg(test)]
mod tests;
