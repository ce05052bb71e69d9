//! baseline: today's findings recorded by fingerprint (`--write-baseline FILE`), so a later
//! scan (`--baseline FILE`) reports only new ones.
//!
//! A baselined finding is kept and marked suppressed with origin `baseline`: it stays
//! visible but does not count toward `--fail-on` or the score. Fingerprints
//! ([`Finding::fingerprint`]) ignore line numbers, so moving lines keeps them; files are
//! named relative to the baseline file's folder, so the scan may run from anywhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::assess::{FileReport, Finding, Suppression};

/// The version of the file format.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub tool_version: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    /// Relative to the baseline file's folder, `/`-separated.
    pub file: String,
    pub resource: Option<String>,
    pub message: String,
}

/// What a scan against a baseline found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The baseline file.
    pub source: PathBuf,
    /// Unsuppressed findings not in the baseline.
    pub new: usize,
    /// Findings the baseline holds (now marked suppressed).
    pub baselined: usize,
    /// Baseline entries no finding matches any more.
    pub fixed: usize,
}

/// The folder fingerprints are taken relative to: the baseline file's, absolute.
pub fn root_of(file: &Path) -> PathBuf {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf())
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// `(fingerprint, file relative to root)` of a finding.
fn key(f: &Finding, root: &Path) -> (String, String) {
    let abs = absolute(&f.file);
    let rel = abs
        .strip_prefix(root)
        .unwrap_or(&abs)
        .to_string_lossy()
        .replace('\\', "/");
    let mut g = f.clone();
    g.file = abs;
    (g.fingerprint(root), rel)
}

/// The baseline of these reports: every finding that counts against `--fail-on` (not
/// suppressed), by fingerprint relative to `root`.
pub fn record(reports: &[FileReport], root: &Path) -> Baseline {
    let entries = reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.suppressed.is_none())
        .map(|f| {
            let (fingerprint, file) = key(f, root);
            Entry {
                fingerprint,
                rule: f.rule.id.to_string(),
                file,
                resource: f.resource.clone(),
                message: f.message.clone(),
            }
        })
        .collect();
    Baseline {
        version: VERSION,
        tool: env!("CARGO_PKG_NAME").into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        entries,
    }
}

impl Baseline {
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: error: not a hardstack baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version != VERSION {
            return Err(format!(
                "{}: error: baseline version {} is not supported (expected {VERSION}); write it again with --write-baseline",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }
}

/// Mark the findings the baseline holds as suppressed (origin `baseline`). Each entry
/// matches one finding, so a second copy of a weakness is new.
pub fn apply(reports: &mut [FileReport], baseline: &Baseline, source: &Path) -> Tally {
    let root = root_of(source);
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in &baseline.entries {
        *left.entry(e.fingerprint.as_str()).or_default() += 1;
    }
    let mut tally = Tally {
        source: source.to_path_buf(),
        new: 0,
        baselined: 0,
        fixed: 0,
    };
    for f in reports.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        if f.suppressed.is_some() {
            continue;
        }
        let (fp, _) = key(f, &root);
        match left.get_mut(fp.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                tally.baselined += 1;
                f.suppressed = Some(Suppression {
                    reason: format!("in the baseline {}", source.display()),
                    origin: "baseline".into(),
                });
            }
            _ => tally.new += 1,
        }
    }
    tally.fixed = left.values().sum();
    tally
}
