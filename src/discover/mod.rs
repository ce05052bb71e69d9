//! discover: the files a scan looks at. Folders are walked recursively honouring
//! `.gitignore`; a file named explicitly is always read.

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

/// The candidate files under `paths`, sorted and deduplicated so output order is
/// deterministic. Walk problems (unreadable folders, symlink loops) are returned beside
/// the files: the scan goes on.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<DiscoverError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(DiscoverError::NotFound(root.clone()));
            continue;
        }
        if root.is_file() {
            files.push(root.clone());
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
    files.sort();
    files.dedup();
    (files, errors)
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
