//! assess: findings and passes of every file become the review: strengths by category,
//! a prioritised plan, and the score now and after each tier of fixes.

pub mod requirements;
mod score;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

pub use score::{Score, score};

use crate::load::{Diagnostic, Format, Span};
use crate::rules::{Category, Meta, Severity, Tier};

/// A finding as every reporter sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(serialize_with = "ser_rule_id")]
    pub rule: &'static Meta,
    pub severity: Severity,
    pub file: PathBuf,
    pub span: Span,
    /// JSON pointer of the node the finding is about.
    pub pointer: String,
    pub resource: Option<String>,
    pub resource_type: Option<String>,
    pub cdk_path: Option<String>,
    /// On a resource the CDK adds by itself (custom resource providers and the like).
    pub cdk_internal: bool,
    pub message: String,
    /// The scenario it holds in (`"IsNew"`, `"not VersioningOn"`), if conditional.
    pub when: Option<String>,
    /// Holds only if a parameter is changed from its default: reported at info severity.
    pub off_default: bool,
    /// The offending lines of the user's file.
    pub snippet: String,
    pub suppressed: Option<Suppression>,
}

impl Finding {
    /// A fingerprint that identifies this weakness across unrelated edits: rule, file
    /// (relative to `root`), resource, JSON pointer, scenario and evidence; never line
    /// numbers, so moving lines keeps it, while changing the offending value (which the
    /// evidence names) makes a new one. 64-bit FNV-1a, as 16 hex digits.
    pub fn fingerprint(&self, root: &std::path::Path) -> String {
        let file = self.file.strip_prefix(root).unwrap_or(&self.file);
        let parts = [
            self.rule.id,
            &file.to_string_lossy().replace('\\', "/"),
            self.resource.as_deref().unwrap_or(""),
            &self.pointer,
            self.when.as_deref().unwrap_or(""),
            &self.message,
        ];
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in parts {
            for b in part.bytes().chain([0u8]) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

fn ser_rule_id<S: serde::Serializer>(m: &&'static Meta, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub reason: String,
    /// Where it came from: `hardstack`, `cfn_nag`, `checkov`, `cdk_nag`, config, baseline.
    pub origin: String,
}

/// Evidence that a check passed.
#[derive(Debug, Clone, Serialize)]
pub struct PassRecord {
    #[serde(serialize_with = "ser_rule_id")]
    pub rule: &'static Meta,
    pub file: PathBuf,
    pub resource: Option<String>,
    pub evidence: String,
}

/// The CDK stack a template was synthesized for (from the cloud assembly manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackInfo {
    /// Stack name (`properties.stackName`, else `displayName`, else the artifact id);
    /// for a nested stack, `Parent/LogicalId`.
    pub name: String,
    /// Artifact id in the manifest (the parent's, for a nested stack).
    pub artifact: String,
    /// The folder of the manifest that lists it.
    pub assembly: PathBuf,
    pub region: Option<String>,
    pub account: Option<String>,
    /// For a nested stack: the logical id of its `AWS::CloudFormation::Stack` resource.
    pub nested_in: Option<String>,
    /// Parameter values the stack was scanned with: the manifest's (or, for a nested
    /// stack, those its parent passes), then `--param`.
    pub parameters: BTreeMap<String, String>,
}

/// The result of scanning one template.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// Set when the template belongs to a CDK cloud assembly.
    pub stack: Option<StackInfo>,
    pub format: Format,
    pub resources: usize,
    /// The template's parameter names (to tell a mistyped `--param` apart).
    pub parameters: Vec<String>,
    pub findings: Vec<Finding>,
    pub passes: Vec<PassRecord>,
    /// Load and evaluation warnings (duplicate keys, malformed intrinsics, ...).
    pub diagnostics: Vec<Diagnostic>,
    /// This template's verdict on each requirement (empty without requirements); the
    /// verdict across templates is [`requirements::merge`].
    pub requirements: Vec<requirements::RequirementResult>,
}

/// A strength of the stack: a rule that passed everywhere it applied.
#[derive(Debug, Clone, Serialize)]
pub struct Strength {
    #[serde(serialize_with = "ser_rule_id")]
    pub rule: &'static Meta,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    #[serde(serialize_with = "ser_rule_id")]
    pub rule: &'static Meta,
    pub severity: Severity,
    /// How many (unsuppressed, non-info) findings the rule has.
    pub count: usize,
    pub resources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub strengths: Vec<(Category, Vec<Strength>)>,
    pub plan: Vec<(Tier, Vec<PlanItem>)>,
    pub score: Score,
}

/// Findings that count: not suppressed, not informational.
pub fn counts(f: &Finding) -> bool {
    f.suppressed.is_none() && f.severity > Severity::Info
}

pub fn assess(files: &[FileReport]) -> Assessment {
    let findings: Vec<&Finding> = files.iter().flat_map(|f| &f.findings).collect();
    // A rule is a strength when it passed somewhere and fails nowhere in the default
    // deployment. A suppressed or baselined finding is an accepted weakness, not a
    // strength, even though it costs no points. Sets beside the lists (which keep
    // first-seen order): `contains` on the lists made this quadratic.
    let failing: HashSet<&str> = findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .map(|f| f.rule.id)
        .collect();
    let mut by_rule: BTreeMap<&str, Strength> = BTreeMap::new();
    let mut seen_evidence: HashSet<(&str, &str)> = HashSet::new();
    for p in files.iter().flat_map(|f| &f.passes) {
        if failing.contains(p.rule.id) {
            continue;
        }
        let s = by_rule.entry(p.rule.id).or_insert_with(|| Strength {
            rule: p.rule,
            evidence: Vec::new(),
        });
        if seen_evidence.insert((p.rule.id, p.evidence.as_str())) {
            s.evidence.push(p.evidence.clone());
        }
    }
    let mut strengths: BTreeMap<Category, Vec<Strength>> = BTreeMap::new();
    for s in by_rule.into_values() {
        strengths.entry(s.rule.category).or_default().push(s);
    }

    let mut items: BTreeMap<&str, PlanItem> = BTreeMap::new();
    let mut seen_resources: HashSet<(&str, &str)> = HashSet::new();
    for f in findings.iter().filter(|f| counts(f)) {
        let item = items.entry(f.rule.id).or_insert_with(|| PlanItem {
            rule: f.rule,
            severity: f.severity,
            count: 0,
            resources: Vec::new(),
        });
        item.count += 1;
        item.severity = item.severity.max(f.severity);
        if let Some(r) = &f.resource
            && seen_resources.insert((f.rule.id, r.as_str()))
        {
            item.resources.push(r.clone());
        }
    }
    let mut plan: BTreeMap<Tier, Vec<PlanItem>> = BTreeMap::new();
    for item in items.into_values() {
        plan.entry(item.rule.tier).or_default().push(item);
    }
    for list in plan.values_mut() {
        // Most severe first, then by id: deterministic.
        list.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.id.cmp(b.rule.id)));
    }
    let plan: Vec<(Tier, Vec<PlanItem>)> = plan.into_iter().collect();
    let score = score(&plan);
    Assessment {
        strengths: strengths.into_iter().collect(),
        plan,
        score,
    }
}
