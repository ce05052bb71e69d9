//! assembly: a CDK cloud assembly (`cdk.out/`) read through its `manifest.json`.
//!
//! Each `aws:cloudformation:stack` artifact names its template, its environment
//! (`aws://ACCOUNT/REGION`) and its parameters; `cdk:cloud-assembly` artifacts are nested
//! assemblies (CDK stages) and are read in turn. Asset manifests, the construct tree and
//! artifact types we do not know are skipped. Nested stacks (`AWS::CloudFormation::Stack`
//! whose template is a file of the assembly) are found after evaluation of their parent,
//! so the parameters passed to them have values.
//!
//! Nothing outside the assembly folder is ever read: absolute paths, `..` escapes and
//! symlinks that lead out are refused with an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::eval::Evaluated;
use crate::load::{self, Limits, LoadError, LoadErrorKind, Node, Pos};
use crate::model::Template;

/// How deep CDK stages may nest inside each other (and nested stacks inside stacks).
pub const MAX_DEPTH: usize = 16;

/// One stack of an assembly.
#[derive(Debug, Clone)]
pub struct Stack {
    pub artifact: String,
    pub name: String,
    pub template: PathBuf,
    /// The folder of the manifest that lists this stack (asset paths are relative to it).
    pub dir: PathBuf,
    pub region: Option<String>,
    pub account: Option<String>,
    pub parameters: HashMap<String, String>,
    /// Logical id → construct path, from the manifest's `aws:cdk:logicalId` metadata.
    pub construct_paths: HashMap<String, String>,
}

/// A cloud assembly: its folder (the boundary of what may be read) and its stacks,
/// those of nested assemblies included, in manifest order.
#[derive(Debug, Clone)]
pub struct Assembly {
    pub root: PathBuf,
    pub stacks: Vec<Stack>,
}

fn error(path: &Path, pos: Pos, message: impl Into<String>) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        pos,
        kind: LoadErrorKind::Assembly(message.into()),
    }
}

/// Read the assembly in `dir`. Problems with one manifest or artifact are returned beside
/// the stacks that could be read.
pub fn read(dir: &Path, limits: &Limits) -> (Assembly, Vec<LoadError>) {
    let mut asm = Assembly {
        root: dir.to_path_buf(),
        stacks: Vec::new(),
    };
    let mut errors = Vec::new();
    read_manifest(dir, dir, limits, 0, &mut asm.stacks, &mut errors);
    (asm, errors)
}

fn read_manifest(
    root: &Path,
    dir: &Path,
    limits: &Limits,
    depth: usize,
    stacks: &mut Vec<Stack>,
    errors: &mut Vec<LoadError>,
) {
    let path = dir.join("manifest.json");
    let loaded = match load::load_file(&path, limits) {
        Ok(l) => l,
        Err(e) => return errors.push(e),
    };
    if loaded.format != load::Format::Json {
        return errors.push(error(&path, loaded.root.span.start, "manifest is not JSON"));
    }
    let Some(artifacts) = loaded.root.get("artifacts").filter(|a| a.is_map()) else {
        return errors.push(error(
            &path,
            loaded.root.span.start,
            "not a cloud assembly manifest: no `artifacts` object",
        ));
    };
    for art in artifacts.entries() {
        let node = &art.value;
        let typ = node.get("type").and_then(Node::as_str).unwrap_or_default();
        let props = node.get("properties");
        let prop = |k: &str| props.and_then(|p| p.get(k));
        match typ.as_str() {
            "aws:cloudformation:stack" => {
                let Some(file) = prop("templateFile").and_then(Node::as_str) else {
                    errors.push(error(
                        &path,
                        art.key_span.start,
                        format!("stack artifact {} has no properties.templateFile", art.key),
                    ));
                    continue;
                };
                let template = match inside(root, dir, &file) {
                    Ok(t) => t,
                    Err(m) => {
                        let at = prop("templateFile").map_or(art.key_span, |n| n.span);
                        errors.push(error(&path, at.start, m));
                        continue;
                    }
                };
                let (account, region) = node
                    .get("environment")
                    .and_then(Node::as_str)
                    .map(|e| environment(&e))
                    .unwrap_or_default();
                let parameters = prop("parameters")
                    .map(|p| {
                        p.entries()
                            .iter()
                            .filter_map(|e| Some((e.key.clone(), e.value.as_str()?)))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut construct_paths = HashMap::new();
                logical_ids(node.get("metadata"), &mut construct_paths);
                // Newer CDK versions write artifact metadata to a file of its own.
                if let Some(extra) = node.get("additionalMetadataFile").and_then(Node::as_str)
                    && let Ok(p) = inside(root, dir, &extra)
                    && let Ok(l) = load::load_file(&p, limits)
                {
                    logical_ids(Some(&l.root), &mut construct_paths);
                }
                let name = prop("stackName")
                    .or_else(|| node.get("displayName"))
                    .and_then(Node::as_str)
                    .unwrap_or_else(|| art.key.clone());
                stacks.push(Stack {
                    artifact: art.key.clone(),
                    name,
                    template,
                    dir: dir.to_path_buf(),
                    region,
                    account,
                    parameters,
                    construct_paths,
                });
            }
            "cdk:cloud-assembly" => {
                let Some(sub) = prop("directoryName").and_then(Node::as_str) else {
                    errors.push(error(
                        &path,
                        art.key_span.start,
                        format!(
                            "nested assembly {} has no properties.directoryName",
                            art.key
                        ),
                    ));
                    continue;
                };
                if depth >= MAX_DEPTH {
                    errors.push(error(
                        &path,
                        art.key_span.start,
                        format!("nested assemblies deeper than {MAX_DEPTH} levels"),
                    ));
                    continue;
                }
                match inside(root, dir, &sub) {
                    Ok(d) if d.join("manifest.json").is_file() => {
                        read_manifest(root, &d, limits, depth + 1, stacks, errors)
                    }
                    Ok(d) => errors.push(error(
                        &path,
                        art.key_span.start,
                        format!("nested assembly {} has no manifest.json", d.display()),
                    )),
                    Err(m) => errors.push(error(&path, art.key_span.start, m)),
                }
            }
            // Asset manifests, the construct tree, feature-flag reports, ...
            _ => {}
        }
    }
}

/// `aws://ACCOUNT/REGION`, with CDK's `unknown-account` / `unknown-region` as unknown.
fn environment(env: &str) -> (Option<String>, Option<String>) {
    let rest = env.strip_prefix("aws://").unwrap_or(env);
    let mut parts = rest.splitn(2, '/');
    let known = |s: Option<&str>| {
        s.filter(|s| !s.is_empty() && !s.starts_with("unknown-"))
            .map(str::to_string)
    };
    (known(parts.next()), known(parts.next()))
}

/// Collect `aws:cdk:logicalId` entries of a metadata map (construct path → entries).
fn logical_ids(metadata: Option<&Node>, out: &mut HashMap<String, String>) {
    for e in metadata.map(Node::entries).unwrap_or_default() {
        for item in e.value.items() {
            if item.get("type").and_then(Node::as_str).as_deref() == Some("aws:cdk:logicalId")
                && let Some(id) = item.get("data").and_then(Node::as_str)
            {
                out.entry(id)
                    .or_insert_with(|| e.key.trim_start_matches('/').to_string());
            }
        }
    }
}

/// Resolve `rel` against `base`, refusing anything that is not a file or folder inside
/// `root` (absolute paths, `..` escapes, symlinks that lead out).
pub fn inside(root: &Path, base: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if p.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') {
        return Err(format!(
            "{rel}: absolute path in a cloud assembly; only files inside it are read"
        ));
    }
    let joined = base.join(p);
    let canon_root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let canon = joined.canonicalize().map_err(|e| format!("{rel}: {e}"))?;
    if !canon.starts_with(&canon_root) {
        return Err(format!(
            "{rel} is outside the cloud assembly {}; it is not read",
            root.display()
        ));
    }
    Ok(joined)
}

/// A nested stack to scan: its template and the parameter values its parent passes.
#[derive(Debug, Clone)]
pub struct NestedStack {
    pub logical_id: String,
    pub template: PathBuf,
    pub parameters: HashMap<String, String>,
}

/// The nested stacks of an evaluated template whose templates are files of the assembly:
/// from CDK's `aws:asset:path` metadata (relative to the assembly folder `dir`) or a
/// relative `TemplateURL` (relative to the parent template). Remote URLs are not ours.
/// Parameter values are those the parent passes that evaluate to known strings.
pub fn nested_stacks(
    template: &Template,
    evaluated: &Evaluated,
    dir: &Path,
    root: &Path,
) -> Vec<Result<NestedStack, LoadError>> {
    let mut out = Vec::new();
    let parent_dir = template.path.parent().unwrap_or(dir);
    for (r, ev) in template.resources.iter().zip(&evaluated.resources) {
        if r.typ != "AWS::CloudFormation::Stack" || !ev.exists {
            continue;
        }
        let asset = r
            .metadata()
            .and_then(|m| m.get("aws:asset:path"))
            .filter(|_| {
                // Only when the asset is the template (CDK says which property it fills).
                r.metadata()
                    .and_then(|m| m.get("aws:asset:property"))
                    .and_then(Node::as_str)
                    .is_none_or(|p| p == "TemplateURL")
            });
        let (rel, base, span) = match asset {
            Some(n) => match n.as_str() {
                Some(s) => (s, dir, n.span),
                None => continue,
            },
            None => {
                let Some(url) = ev.props.get("TemplateURL") else {
                    continue;
                };
                let Some(s) = url.as_str() else { continue };
                if s.contains("://") || s.is_empty() {
                    continue;
                }
                (s.to_string(), parent_dir, url.span)
            }
        };
        let parameters = ev
            .props
            .get("Parameters")
            .map(|p| {
                p.entries()
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        out.push(
            inside(root, base, &rel)
                .map(|t| NestedStack {
                    logical_id: r.id.clone(),
                    template: t,
                    parameters,
                })
                .map_err(|m| {
                    error(
                        &template.path,
                        span.start,
                        format!("nested stack {}: {m}", r.id),
                    )
                }),
        );
    }
    out
}

/// Give resources without `aws:cdk:path` metadata the construct path the manifest has for
/// their logical id.
pub fn apply_construct_paths(template: &mut Template, paths: &HashMap<String, String>) {
    for r in &mut template.resources {
        if r.cdk_path.is_none() {
            r.cdk_path = paths.get(&r.id).cloned();
        }
    }
}
