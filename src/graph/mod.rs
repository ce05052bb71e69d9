//! graph: typed edges between resources, and the questions rules ask of them.

use std::collections::HashMap;

use crate::load::{Node, NodeKind};
use crate::model::{Template, pointer_escape};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Ref,
    GetAtt,
    Sub,
    DependsOn,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// Where in `from` the reference sits, relative to the resource (`/Properties/Bucket`).
    pub pointer: String,
}

#[derive(Debug, Default)]
pub struct Graph {
    pub edges: Vec<Edge>,
    out: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
    index: HashMap<String, usize>,
}

pub fn build(template: &Template) -> Graph {
    let index: HashMap<String, usize> = template
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    let mut edges = Vec::new();
    for (from, r) in template.resources.iter().enumerate() {
        let mut push = |target: &str, kind, pointer: String| {
            if let Some(&to) = index.get(target) {
                edges.push(Edge {
                    from,
                    to,
                    kind,
                    pointer,
                });
            }
        };
        for d in &r.depends_on {
            push(d, EdgeKind::DependsOn, "/DependsOn".into());
        }
        for key in ["Properties", "Metadata"] {
            if let Some(n) = r.node.get(key) {
                walk(n, &mut format!("/{key}"), &mut push);
            }
        }
    }
    let mut out = vec![Vec::new(); template.resources.len()];
    let mut incoming = vec![Vec::new(); template.resources.len()];
    for (i, e) in edges.iter().enumerate() {
        out[e.from].push(i);
        incoming[e.to].push(i);
    }
    Graph {
        edges,
        out,
        incoming,
        index,
    }
}

fn walk(node: &Node, pointer: &mut String, push: &mut impl FnMut(&str, EdgeKind, String)) {
    if let Some((f, arg)) = node.intrinsic() {
        match f {
            "Ref" => {
                if let Some(t) = arg.as_name() {
                    push(t, EdgeKind::Ref, pointer.clone());
                }
                return;
            }
            "Fn::GetAtt" => {
                let target = arg.items().first().and_then(Node::as_name).or_else(|| {
                    arg.as_name()
                        .map(|s| s.split('.').next().unwrap_or_default())
                });
                if let Some(t) = target {
                    push(t, EdgeKind::GetAtt, pointer.clone());
                }
                return;
            }
            "Fn::Sub" => {
                let text = arg
                    .as_str()
                    .or_else(|| arg.items().first().and_then(Node::as_str));
                for name in text.iter().flat_map(|t| sub_names(t)) {
                    let target = name.split('.').next().unwrap_or(name);
                    push(target, EdgeKind::Sub, pointer.clone());
                }
                // Variables of the list form may hold further references.
            }
            _ => {}
        }
    }
    match &node.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&pointer_escape(&e.key));
                walk(&e.value, pointer, push);
                pointer.truncate(len);
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(item, pointer, push);
                pointer.truncate(len);
            }
        }
        NodeKind::Scalar(_) => {}
    }
}

/// Names in `${...}` placeholders of a Sub string (not `${!literal}`).
fn sub_names(text: &str) -> impl Iterator<Item = &str> {
    text.split("${")
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.trim()))
        .filter(|n| !n.starts_with('!'))
}

impl Graph {
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Edges out of resource `from`.
    pub fn outgoing(&self, from: usize) -> impl Iterator<Item = &Edge> {
        self.out
            .get(from)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i])
    }

    /// Edges into resource `to`.
    pub fn incoming(&self, to: usize) -> impl Iterator<Item = &Edge> {
        self.incoming
            .get(to)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i])
    }

    /// Resources of type `typ` that reference `to` from under `/Properties/<prop>`
    /// (any property when `prop` is empty). E.g. the bucket policies of a bucket:
    /// `referrers(t, bucket, "AWS::S3::BucketPolicy", "Bucket")`.
    pub fn referrers(&self, template: &Template, to: usize, typ: &str, prop: &str) -> Vec<usize> {
        let prefix = if prop.is_empty() {
            "/Properties".to_string()
        } else {
            format!("/Properties/{prop}")
        };
        let mut out: Vec<usize> = self
            .incoming(to)
            .filter(|e| template.resources[e.from].typ == typ)
            .filter(|e| e.pointer == prefix || e.pointer.starts_with(&format!("{prefix}/")))
            .map(|e| e.from)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Resources that `from` references from under `/Properties/<prop>`, of type `typ`
    /// (any type when `typ` is empty).
    pub fn targets(&self, template: &Template, from: usize, prop: &str, typ: &str) -> Vec<usize> {
        let prefix = format!("/Properties/{prop}");
        let mut out: Vec<usize> = self
            .outgoing(from)
            .filter(|e| e.kind != EdgeKind::DependsOn)
            .filter(|e| e.pointer == prefix || e.pointer.starts_with(&format!("{prefix}/")))
            .filter(|e| typ.is_empty() || template.resources[e.to].typ == typ)
            .map(|e| e.to)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

pub mod network;

#[cfg(test)]
mod tests;
