//! hardstack: a security analyzer and hardener for AWS CloudFormation and CDK.
//!
//! The pipeline runs one way: discover → load → model → eval → graph → rules → suppress →
//! assess → render. Each stage is a module and depends only on the stages before it; this
//! file wires them together.

pub mod assess;
pub mod config;
pub mod discover;
pub mod eval;
pub mod graph;
pub mod load;
pub mod model;
pub mod render;
pub mod rules;
pub mod suppress;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use assess::requirements::{RequirementResult, Requirements};
use assess::{FileReport, Finding, PassRecord};
use discover::DiscoverError;
use load::{Limits, LoadError, Loaded};
use rules::{Ctx, Meta, RuleConfig};

/// Everything a scan needs besides the paths.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--region`; `us-east-1` is assumed when nothing says otherwise.
    pub region: Option<String>,
    /// Where `region` came from, for reports (`CDK manifest`); `None` means `--region`.
    pub region_origin: Option<String>,
    pub account: Option<String>,
    /// `--param KEY=VALUE`.
    pub params: HashMap<String, String>,
    pub rules: RuleConfig,
    pub limits: Limits,
    /// Rule ids, aliases or service prefixes to run (empty: all).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Requirements to check each template against (`hardstack.toml`, `--requirements`).
    pub requirements: Option<Arc<Requirements>>,
}

impl Options {
    /// Check these requirements too. Tags they require become the tagging rules' required
    /// tags (unless set otherwise), so a missing tag is also a finding they point to.
    pub fn with_requirements(mut self, reqs: Requirements) -> Options {
        if self.rules.required_tags.is_empty() {
            self.rules.required_tags = reqs.required_tags();
        }
        self.requirements = Some(Arc::new(reqs));
        self
    }

    pub fn rule_enabled(&self, meta: &Meta) -> bool {
        let matches = |pat: &String| {
            let p = pat.to_ascii_uppercase();
            meta.id.eq_ignore_ascii_case(&p)
                || meta.slug.eq_ignore_ascii_case(pat)
                || meta.service.eq_ignore_ascii_case(pat)
                || meta.id.split('-').next().is_some_and(|prefix| prefix == p)
                || meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(pat))
        };
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }
}

/// What happened to one file.
#[derive(Debug)]
pub enum FileOutcome {
    Scanned(FileReport),
    /// Valid JSON/YAML that is not a CloudFormation template: skipped quietly.
    NotATemplate(PathBuf),
    Failed(LoadError),
}

#[derive(Debug, Default)]
pub struct ScanResult {
    pub reports: Vec<FileReport>,
    pub errors: Vec<LoadError>,
    pub walk_errors: Vec<DiscoverError>,
    pub skipped: Vec<PathBuf>,
}

/// The verdict on each requirement across every scanned template (empty without
/// requirements in `opts`).
pub fn check_requirements(result: &ScanResult, opts: &Options) -> Vec<RequirementResult> {
    match &opts.requirements {
        Some(reqs) => assess::requirements::merge(reqs, &result.reports),
        None => Vec::new(),
    }
}

/// Scan files and folders. Files are scanned in parallel; results come back in path order.
pub fn scan(paths: &[PathBuf], opts: &Options) -> ScanResult {
    let (files, walk_errors) = discover::discover(paths);
    let outcomes: Vec<FileOutcome> = files.par_iter().map(|p| scan_file(p, opts)).collect();
    let mut result = ScanResult {
        walk_errors,
        ..ScanResult::default()
    };
    for outcome in outcomes {
        match outcome {
            FileOutcome::Scanned(r) => result.reports.push(r),
            FileOutcome::NotATemplate(p) => result.skipped.push(p),
            FileOutcome::Failed(e) => result.errors.push(e),
        }
    }
    result
}

pub fn scan_file(path: &Path, opts: &Options) -> FileOutcome {
    match load::load_file(path, &opts.limits) {
        Ok(loaded) => scan_loaded(loaded, opts),
        Err(e) => FileOutcome::Failed(e),
    }
}

/// Scan a template held in memory (tests, editors).
pub fn scan_source(path: &Path, text: &str, opts: &Options) -> FileOutcome {
    match load::load_bytes(path, text.as_bytes(), &opts.limits) {
        Ok(loaded) => scan_loaded(loaded, opts),
        Err(e) => FileOutcome::Failed(e),
    }
}

fn scan_loaded(loaded: Loaded, opts: &Options) -> FileOutcome {
    let path = loaded.path.clone();
    let Ok(template) = model::build(loaded) else {
        return FileOutcome::NotATemplate(path);
    };
    let env = eval::Env::new(
        opts.region.as_deref(),
        opts.account.as_deref(),
        opts.params.clone(),
    );
    let evaluated = eval::evaluate(&template, env);
    let graph = graph::build(&template);
    let cx = Ctx {
        template: &template,
        eval: &evaluated,
        graph: &graph,
        config: &opts.rules,
    };
    let outcome = rules::run(&cx, &|m| opts.rule_enabled(m));
    let requirements = opts.requirements.as_ref().map_or_else(Vec::new, |reqs| {
        assess::requirements::check_template(&template, &evaluated, &graph, reqs, opts)
    });

    let resource = |i: Option<usize>| i.map(|i| &template.resources[i]);
    let mut findings: Vec<Finding> = outcome
        .findings
        .into_iter()
        .map(|f| {
            let r = resource(f.resource);
            Finding {
                rule: f.rule,
                severity: f.severity,
                file: path.clone(),
                span: f.span,
                pointer: f.pointer,
                resource: r.map(|r| r.id.clone()),
                resource_type: r.map(|r| r.typ.clone()),
                cdk_path: r.and_then(|r| r.cdk_path.clone()),
                message: f.message,
                when: (!f.when.is_always()).then(|| f.when.to_string()),
                off_default: f.off_default,
                snippet: render::snippet(&template.source, f.span),
                suppressed: None,
            }
        })
        .collect();
    let suppression_warnings = suppress::apply(&template, &mut findings);
    findings.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.rule.id.cmp(b.rule.id))
    });
    let passes = outcome
        .passes
        .into_iter()
        .map(|p| PassRecord {
            rule: p.rule,
            file: path.clone(),
            resource: resource(p.resource).map(|r| r.id.clone()),
            evidence: p.evidence,
        })
        .collect();
    let mut diagnostics = template.diagnostics.clone();
    diagnostics.extend(evaluated.diagnostics);
    diagnostics.extend(suppression_warnings);
    diagnostics.sort_by_key(|d| d.span.start);
    FileOutcome::Scanned(FileReport {
        path,
        format: template.format,
        resources: template.resources.len(),
        findings,
        passes,
        diagnostics,
        requirements,
    })
}
