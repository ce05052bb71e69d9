//! discover: the files a scan looks at. Folders are walked recursively honouring
//! `.gitignore`; a file named explicitly is always read.
//!
//! A folder holding a CDK cloud assembly (`manifest.json` with `artifacts`, as in
//! `cdk.out/`) is one target: everything under it is read through its manifest, never
//! again as loose templates.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Extensions CloudFormation templates come in (`.template` files hold JSON or YAML).
const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template", "cfn"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{path}: {message}")]
    Walk { path: PathBuf, message: String },
}

/// Something to scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A file that may be a CloudFormation template.
    Template(PathBuf),
    /// The folder of a CDK cloud assembly (it holds `manifest.json`).
    Assembly(PathBuf),
}

impl Target {
    pub fn path(&self) -> &Path {
        match self {
            Target::Template(p) | Target::Assembly(p) => p,
        }
    }
}

/// The targets under `paths`, sorted and deduplicated so output order is deterministic.
/// Walk problems (unreadable folders, symlink loops) are returned beside the targets: the
/// scan goes on. A folder or `manifest.json` named explicitly is always taken as an
/// assembly (so a broken manifest is reported); one met while walking only when it looks
/// like one.
pub fn discover(paths: &[PathBuf]) -> (Vec<Target>, Vec<DiscoverError>) {
    let mut files = Vec::new();
    let mut assemblies = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(DiscoverError::NotFound(root.clone()));
            continue;
        }
        if root.is_file() {
            match root.parent() {
                Some(dir) if root.file_name().is_some_and(|n| n == MANIFEST) => {
                    assemblies.push(if dir.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        dir.to_path_buf()
                    });
                }
                _ => files.push(root.clone()),
            }
            continue;
        }
        if root.join(MANIFEST).is_file() {
            assemblies.push(root.clone());
            continue;
        }
        let walker = WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e)
                    if e.file_type().is_some_and(|t| t.is_file())
                        && e.file_name() == MANIFEST
                        && looks_like_assembly(e.path()) =>
                {
                    if let Some(dir) = e.path().parent() {
                        assemblies.push(dir.to_path_buf());
                    }
                }
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_candidate(e.path()) => {
                    files.push(e.into_path());
                }
                Ok(_) => {}
                Err(err) => errors.push(DiscoverError::Walk {
                    path: root.clone(),
                    message: err.to_string(),
                }),
            }
        }
    }
    assemblies.sort();
    assemblies.dedup();
    // A nested assembly (a CDK stage) is read through its parent's manifest.
    let outer: Vec<PathBuf> = assemblies
        .iter()
        .filter(|a| {
            !assemblies
                .iter()
                .any(|b| b != *a && a.starts_with(b) && !b.as_os_str().is_empty())
        })
        .cloned()
        .collect();
    let mut targets: Vec<Target> = files
        .into_iter()
        .filter(|f| !outer.iter().any(|a| f.starts_with(a)))
        .map(Target::Template)
        .collect();
    targets.extend(outer.into_iter().map(Target::Assembly));
    targets.sort_by(|a, b| a.path().cmp(b.path()));
    targets.dedup();
    (targets, errors)
}

const MANIFEST: &str = "manifest.json";

/// A `manifest.json` met while walking is a cloud assembly's when its folder has CDK's
/// `cdk.out` marker or `tree.json`, or the manifest names `artifacts`. Other tools'
/// manifests (browser extensions, web apps) are not ours.
fn looks_like_assembly(manifest: &Path) -> bool {
    let Some(dir) = manifest.parent() else {
        return false;
    };
    dir.join("cdk.out").is_file()
        || dir.join("tree.json").is_file()
        || std::fs::read_to_string(manifest).is_ok_and(|t| t.contains("\"artifacts\""))
}

fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // CDK assembly bookkeeping, package manifests and lock files are never templates.
    if matches!(
        name,
        "manifest.json"
            | "tree.json"
            | "cdk.json"
            | "package.json"
            | "package-lock.json"
            | "tsconfig.json"
    ) || name.ends_with(".assets.json")
    {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
