//! Which launch template of the stack an instance (or Auto Scaling group) launches from.
//!
//! A `LaunchTemplate` property links by `LaunchTemplateId` (`Ref`/`GetAtt` to an
//! `AWS::EC2::LaunchTemplate`) or by `LaunchTemplateName` equal to a template's resolved
//! `LaunchTemplateName` (both may be the same `!Sub "${AWS::StackName}-x"`).

use crate::eval::{Found, ValKind, When};
use crate::rules::{Ctx, Res};

pub const LAUNCH_TEMPLATE: &str = "AWS::EC2::LaunchTemplate";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No `LaunchTemplate` property.
    Absent,
    /// A launch template of this stack (resource index).
    Template(usize),
    /// A template named by a literal id, a parameter, or a value not known statically.
    Unresolved,
}

/// Every outcome of `res`'s `prop` (usually `LaunchTemplate`), with the scenario it holds in
/// and where it sits.
pub fn links<'a>(cx: &Ctx, res: &Res<'a>, prop: &str) -> Vec<(Found<'a>, Link)> {
    let mut out = Vec::new();
    for lt in res.at(cx, prop) {
        let Some(v) = lt.val else {
            out.push((lt, Link::Absent));
            continue;
        };
        for id in v.at("LaunchTemplateId") {
            let Some(when) = cx.eval.env.and(&lt.when, &id.when) else {
                continue;
            };
            let here = Found {
                when: when.clone(),
                ..lt.clone()
            };
            match id.val.map(|v| &v.kind) {
                Some(ValKind::Ref { target, .. }) => {
                    let link = cx
                        .graph
                        .index_of(target)
                        .filter(|&i| cx.template.resources[i].typ == LAUNCH_TEMPLATE)
                        .map_or(Link::Unresolved, Link::Template);
                    out.push((here, link));
                }
                Some(_) => out.push((here, Link::Unresolved)),
                None => {
                    for name in v.at("LaunchTemplateName") {
                        let Some(when) = cx.eval.env.and(&when, &name.when) else {
                            continue;
                        };
                        let link = match name.val.and_then(|n| n.text()) {
                            Some(text) => by_name(cx, text, &when),
                            None => Link::Unresolved,
                        };
                        out.push((Found { when, ..lt.clone() }, link));
                    }
                }
            }
        }
    }
    out
}

/// The stack's launch template whose `LaunchTemplateName` resolves to `name`.
fn by_name(cx: &Ctx, name: &str, when: &When) -> Link {
    for t in cx.resources_of(&[LAUNCH_TEMPLATE]) {
        let matches = t.at(cx, "LaunchTemplateName").iter().any(|f| {
            cx.eval.env.and(when, &f.when).is_some()
                && f.val.and_then(|v| v.text()).is_some_and(|t| t == name)
        });
        if matches {
            return Link::Template(t.index);
        }
    }
    Link::Unresolved
}
