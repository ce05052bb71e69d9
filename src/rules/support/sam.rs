//! AWS SAM: `Globals` merged into serverless resources, the way the SAM transform does it
//! (maps merge key by key with the resource's own value winning; anything else is
//! replaced by the resource's value).

use crate::eval::{Evaluator, Val, ValKind, When};
use crate::rules::{Ctx, Res};

/// `Globals.<section>` evaluated (e.g. `Function` for `AWS::Serverless::Function`).
pub fn globals(cx: &Ctx, section: &str) -> Option<Val> {
    let node = cx.template.section("Globals")?.get(section)?;
    // Diagnostics from this evaluation are dropped: the template's own pass reports them.
    let ev = Evaluator::new(cx.template, &cx.eval.env);
    Some(ev.eval(node, &When::ALWAYS))
}

/// The SAM globals section that applies to a resource type.
pub fn globals_section(typ: &str) -> Option<&'static str> {
    Some(match typ {
        "AWS::Serverless::Function" => "Function",
        "AWS::Serverless::Api" => "Api",
        "AWS::Serverless::HttpApi" => "HttpApi",
        "AWS::Serverless::SimpleTable" => "SimpleTable",
        "AWS::Serverless::StateMachine" => "StateMachine",
        _ => return None,
    })
}

/// The resource's properties with its SAM globals merged in, or `None` when no globals
/// apply (use `res.props` as is).
pub fn merged_props(cx: &Ctx, res: &Res) -> Option<Val> {
    let section = globals_section(&res.resource.typ)?;
    let g = globals(cx, section)?;
    Some(merge(&g, res.props))
}

/// Run `f` on the resource as SAM deploys it (globals merged in).
pub fn with_globals<R>(cx: &Ctx, res: &Res, f: impl FnOnce(&Res) -> R) -> R {
    match merged_props(cx, res) {
        Some(props) => {
            let merged = Res {
                index: res.index,
                resource: res.resource,
                props: &props,
                when: res.when,
            };
            f(&merged)
        }
        None => f(res),
    }
}

/// Merge `global` under `local`: maps key by key (recursively), `local` wins otherwise.
/// Alternatives of `local` are merged one by one.
pub fn merge(global: &Val, local: &Val) -> Val {
    match (&global.kind, &local.kind) {
        (ValKind::Map(g), ValKind::Map(l)) => {
            let mut out: Vec<(String, Val)> = Vec::with_capacity(g.len() + l.len());
            for (k, gv) in g {
                match l.iter().find(|(lk, _)| lk == k) {
                    Some((_, lv)) => out.push((k.clone(), merge(gv, lv))),
                    None => out.push((k.clone(), gv.clone())),
                }
            }
            for (k, lv) in l {
                if !g.iter().any(|(gk, _)| gk == k) {
                    out.push((k.clone(), lv.clone()));
                }
            }
            Val::new(ValKind::Map(out), local.span)
        }
        (ValKind::Map(_), ValKind::Alts(alts)) => Val::new(
            ValKind::Alts(
                alts.iter()
                    .map(|(w, v)| {
                        (
                            w.clone(),
                            if matches!(v.kind, ValKind::Map(_)) {
                                merge(global, v)
                            } else {
                                v.clone()
                            },
                        )
                    })
                    .collect(),
            ),
            local.span,
        ),
        _ => local.clone(),
    }
}
