//! model: a loaded tree read as a CloudFormation template.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

mod validate;

use crate::load::{Diagnostic, Format, Loaded, Node, Span};

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub span: Span,
    pub typ: String,
    pub default: Option<Node>,
    pub allowed_values: Vec<String>,
    pub no_echo: bool,
    pub node: Node,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub id: String,
    /// Span of the logical id key.
    pub id_span: Span,
    pub typ: String,
    /// The whole resource definition (`Type`, `Properties`, `Metadata`, ...).
    pub node: Node,
    pub condition: Option<String>,
    pub depends_on: Vec<String>,
    /// The CDK construct path from `Metadata: aws:cdk:path` (or, in a cloud assembly, the
    /// manifest's `aws:cdk:logicalId` metadata).
    pub cdk_path: Option<String>,
}

impl Resource {
    pub fn properties(&self) -> Option<&Node> {
        self.node.get("Properties")
    }

    pub fn metadata(&self) -> Option<&Node> {
        self.node.get("Metadata")
    }

    /// True for resources the CDK adds by itself rather than the app: custom resource
    /// providers, the bucket notifications handler, the log retention function, and
    /// `AWSCDK`-prefixed singletons.
    pub fn is_cdk_internal(&self) -> bool {
        if self.id.starts_with("AWSCDK") {
            return true;
        }
        let Some(path) = &self.cdk_path else {
            return false;
        };
        path.contains("/Custom::")
            || path.contains("CustomResourceProvider")
            || path.split('/').any(|seg| {
                seg.starts_with("BucketNotificationsHandler")
                    || seg == "LogRetention"
                    || seg
                        .strip_prefix("LogRetention")
                        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            })
    }

    /// JSON pointer of this resource in the template.
    pub fn pointer(&self) -> String {
        format!("/Resources/{}", pointer_escape(&self.id))
    }
}

#[derive(Debug, Clone)]
pub struct Template {
    pub path: PathBuf,
    pub format: Format,
    pub source: Arc<str>,
    pub root: Node,
    pub parameters: Vec<Parameter>,
    pub resources: Vec<Resource>,
    /// Load-time and model-time diagnostics (duplicate keys, malformed intrinsics...).
    pub diagnostics: Vec<Diagnostic>,
    /// Logical id → index in `resources`, for [`Template::resource`] (a linear search
    /// per `Ref` made evaluation quadratic in the number of resources).
    index: HashMap<String, usize>,
}

impl Template {
    pub fn section(&self, name: &str) -> Option<&Node> {
        self.root.get(name)
    }

    pub fn conditions(&self) -> Option<&Node> {
        self.section("Conditions")
    }

    pub fn mappings(&self) -> Option<&Node> {
        self.section("Mappings")
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        let linear = || self.resources.iter().find(|r| r.id == id);
        // `resources` is public: if it was changed after build, search it.
        if self.index.len() != self.resources.len() {
            return linear();
        }
        match self.index.get(id).map(|&i| &self.resources[i]) {
            Some(r) if r.id == id => Some(r),
            Some(_) => linear(),
            None => None,
        }
    }

    pub fn resources_of<'a>(&'a self, typ: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources.iter().filter(move |r| r.typ == typ)
    }

    /// `Transform: AWS::Serverless-2016-10-31` (a string or a list).
    pub fn transforms(&self) -> Vec<String> {
        match self.section("Transform") {
            Some(n) => match n.as_str() {
                Some(s) => vec![s],
                None => n.items().iter().filter_map(|i| i.as_str()).collect(),
            },
            None => vec![],
        }
    }
}

/// Why a loaded file is not a template we scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotATemplate {
    NotAMapping,
    NoResources,
}

/// Read a loaded tree as a template. A file is a template when its root is a mapping with
/// a `Resources` mapping, or `AWSTemplateFormatVersion`; anything else is not ours.
pub fn build(loaded: Loaded) -> Result<Template, NotATemplate> {
    let Loaded {
        path,
        format,
        source,
        root,
        mut diagnostics,
    } = loaded;
    if !root.is_map() {
        return Err(NotATemplate::NotAMapping);
    }
    let has_resources = root.get("Resources").is_some_and(Node::is_map);
    if !has_resources && root.get("AWSTemplateFormatVersion").is_none() {
        return Err(NotATemplate::NoResources);
    }
    validate::check(&root, &mut diagnostics);
    let parameters = root
        .get("Parameters")
        .map(|p| {
            p.entries()
                .iter()
                .map(|e| Parameter {
                    name: e.key.clone(),
                    span: e.key_span,
                    typ: e
                        .value
                        .get("Type")
                        .and_then(Node::as_str)
                        .unwrap_or_default(),
                    default: e.value.get("Default").cloned(),
                    allowed_values: e
                        .value
                        .get("AllowedValues")
                        .map(|a| a.items().iter().filter_map(Node::as_str).collect())
                        .unwrap_or_default(),
                    no_echo: e
                        .value
                        .get("NoEcho")
                        .and_then(Node::as_str)
                        .is_some_and(|s| s.eq_ignore_ascii_case("true")),
                    node: e.value.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut resources = Vec::new();
    for e in root.get("Resources").map(Node::entries).unwrap_or_default() {
        if !e.value.is_map() {
            diagnostics.push(Diagnostic {
                span: e.value.span,
                message: format!("resource {} is not a mapping", e.key),
            });
            continue;
        }
        let Some(typ) = e.value.get("Type").and_then(Node::as_str) else {
            diagnostics.push(Diagnostic {
                span: e.key_span,
                message: format!("resource {} has no Type", e.key),
            });
            continue;
        };
        // The CDK's version-reporting resource says nothing about the stack.
        if typ == "AWS::CDK::Metadata" {
            continue;
        }
        let depends_on = match e.value.get("DependsOn") {
            Some(d) => match d.as_name() {
                Some(s) => vec![s.to_string()],
                None => d
                    .items()
                    .iter()
                    .filter_map(Node::as_name)
                    .map(str::to_string)
                    .collect(),
            },
            None => vec![],
        };
        resources.push(Resource {
            id: e.key.clone(),
            id_span: e.key_span,
            typ,
            condition: e
                .value
                .get("Condition")
                .and_then(Node::as_name)
                .map(str::to_string),
            depends_on,
            cdk_path: e
                .value
                .get("Metadata")
                .and_then(|m| m.get("aws:cdk:path"))
                .and_then(Node::as_str),
            node: e.value.clone(),
        });
    }
    let index = resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    Ok(Template {
        path,
        format,
        source,
        root,
        parameters,
        resources,
        diagnostics,
        index,
    })
}

/// Escape a JSON-pointer segment (RFC 6901).
pub fn pointer_escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}
