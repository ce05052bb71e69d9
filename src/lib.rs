//! hardstack: a security analyzer and hardener for AWS CloudFormation and CDK.
//!
//! The pipeline runs one way: discover → load → model → eval → graph → rules → suppress →
//! assess → render. Each stage is a module and depends only on the stages before it; this
//! file wires them together. A CDK cloud assembly is read by `assembly` (after `eval`, so
//! nested stacks get the parameter values their parent passes).

pub mod assembly;
pub mod assess;
pub mod baseline;
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
use assess::{FileReport, Finding, PassRecord, StackInfo, Suppression};
use discover::{DiscoverError, Target};
use load::{Limits, LoadError, Loaded};
use rules::{Ctx, Meta, RuleConfig};

/// Everything a scan needs besides the paths.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--region`, given explicitly (`None`: not given). It wins over a CDK manifest's
    /// environment; with neither, `us-east-1` is assumed.
    pub region: Option<String>,
    /// `--account`, given explicitly; it wins over a CDK manifest's environment.
    pub account: Option<String>,
    /// `--param KEY=VALUE`. Wins over the parameters a CDK manifest gives a stack.
    pub params: HashMap<String, String>,
    /// Findings on resources the CDK adds by itself (custom resource providers, ...) do not
    /// count: they are marked suppressed with origin `cdk-internal`, still listed.
    pub exclude_cdk_internal: bool,
    pub rules: RuleConfig,
    pub limits: Limits,
    /// Rule ids, aliases or service prefixes to run (empty: all).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Requirements to check each template against (`hardstack.toml`, `--requirements`).
    pub requirements: Option<Arc<Requirements>>,
    /// `[severity]` of `hardstack.toml`: `(rule pattern, severity)`. An exact id wins over
    /// an alias, slug or service prefix; findings that hold only off the parameter
    /// defaults stay informational.
    pub severity: Vec<(String, rules::Severity)>,
    /// `exclude`, `[[per-path]]` and `[params]` of `hardstack.toml`.
    pub paths: config::PathRules,
    /// Where `region` came from when not `--region` (`hardstack.toml:3`).
    pub region_source: Option<String>,
}

/// Whether `pattern` (an id, slug, peer alias, service or id prefix) names this rule.
pub fn matches_pattern(meta: &Meta, pattern: &str) -> bool {
    let pat = pattern.trim();
    let p = pat.to_ascii_uppercase();
    meta.id.eq_ignore_ascii_case(&p)
        || meta.slug.eq_ignore_ascii_case(pat)
        || meta.service.eq_ignore_ascii_case(pat)
        || meta.id.split('-').next().is_some_and(|prefix| prefix == p)
        || meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(pat))
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
        let matches = |pat: &String| matches_pattern(meta, pat);
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }

    /// The severity `[severity]` gives this rule, if any.
    pub fn severity_override(&self, meta: &Meta) -> Option<rules::Severity> {
        self.severity
            .iter()
            .find(|(p, _)| meta.id.eq_ignore_ascii_case(p.trim()))
            .or_else(|| {
                self.severity
                    .iter()
                    .rev()
                    .find(|(p, _)| matches_pattern(meta, p))
            })
            .map(|(_, s)| *s)
    }

    /// Parameter values for a template: config ones (for every template, then for this
    /// stack or path), then `--param`, which wins.
    fn params_for(&self, path: &Path, stack: Option<&str>) -> HashMap<String, String> {
        let mut params: HashMap<String, String> =
            self.paths.params_for(path, stack).into_iter().collect();
        params.extend(self.params.clone());
        params
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

/// Scan files and folders. Files and cloud assemblies are scanned in parallel; results
/// come back in path order (an assembly's stacks in manifest order).
pub fn scan(paths: &[PathBuf], opts: &Options) -> ScanResult {
    let (mut targets, walk_errors) = discover::discover(paths);
    // `exclude` drops what a folder walk found; a path named explicitly is always read.
    targets.retain(|t| paths.iter().any(|p| p == t.path()) || !opts.paths.excluded(t.path()));
    let outcomes: Vec<FileOutcome> = targets
        .par_iter()
        .flat_map_iter(|t| match t {
            Target::Template(p) => vec![scan_file(p, opts)],
            Target::Assembly(dir) => scan_assembly(dir, opts),
        })
        .collect();
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
    match load::load_file(path, &opts.limits)
        .and_then(|l| load::check_resources(&l, &opts.limits).map(|()| l))
    {
        Ok(loaded) => scan_loaded(loaded, opts),
        Err(e) => FileOutcome::Failed(e),
    }
}

/// Scan a template held in memory (tests, editors).
pub fn scan_source(path: &Path, text: &str, opts: &Options) -> FileOutcome {
    match load::load_bytes(path, text.as_bytes(), &opts.limits)
        .and_then(|l| load::check_resources(&l, &opts.limits).map(|()| l))
    {
        Ok(loaded) => scan_loaded(loaded, opts),
        Err(e) => FileOutcome::Failed(e),
    }
}

fn scan_loaded(loaded: Loaded, opts: &Options) -> FileOutcome {
    let path = loaded.path.clone();
    let Ok(template) = model::build(loaded) else {
        return FileOutcome::NotATemplate(path);
    };
    let env = environment(
        &template,
        opts.region.as_deref(),
        opts.account.as_deref(),
        opts.params_for(&path, None),
    );
    FileOutcome::Scanned(analyze(&template, env, opts, None).0)
}

/// The evaluation environment of one template. Where nothing says which region the stack
/// deploys to, the one region its own literals name (AZs, ARNs, endpoints) is used, so
/// evaluation and requirements agree; failing that, `us-east-1` is assumed. Either way the
/// region counts as assumed, not given.
fn environment(
    template: &model::Template,
    region: Option<&str>,
    account: Option<&str>,
    params: HashMap<String, String>,
) -> eval::Env {
    let inferred = region
        .is_none()
        .then(|| eval::region::infer(template))
        .flatten();
    let mut env = eval::Env::new(region.or(inferred.as_deref()), account, params);
    env.region_given = region.is_some();
    env
}

/// Scan every stack of the CDK cloud assembly in `dir`, nested stacks included.
pub fn scan_assembly(dir: &Path, opts: &Options) -> Vec<FileOutcome> {
    let (asm, errors) = assembly::read(dir, &opts.limits);
    let mut out: Vec<FileOutcome> = errors.into_iter().map(FileOutcome::Failed).collect();
    for stack in &asm.stacks {
        let region = opts.region.clone().or_else(|| stack.region.clone());
        let account = opts.account.clone().or_else(|| stack.account.clone());
        let mut params = stack.parameters.clone();
        params.extend(opts.params_for(&stack.template, Some(&stack.name)));
        let info = StackInfo {
            name: stack.name.clone(),
            artifact: stack.artifact.clone(),
            assembly: stack.dir.clone(),
            region,
            account,
            nested_in: None,
            parameters: params.clone().into_iter().collect(),
        };
        let job = StackJob {
            template: &stack.template,
            dir: &stack.dir,
            root: &asm.root,
            construct_paths: &stack.construct_paths,
        };
        scan_stack(&job, info, params, opts, &mut vec![], &mut out);
    }
    out
}

struct StackJob<'a> {
    template: &'a Path,
    dir: &'a Path,
    root: &'a Path,
    construct_paths: &'a HashMap<String, String>,
}

/// Scan one stack template of an assembly, then the nested stacks it creates.
fn scan_stack(
    job: &StackJob,
    info: StackInfo,
    params: HashMap<String, String>,
    opts: &Options,
    chain: &mut Vec<PathBuf>,
    out: &mut Vec<FileOutcome>,
) {
    let loaded = match load::load_file(job.template, &opts.limits)
        .and_then(|l| load::check_resources(&l, &opts.limits).map(|()| l))
    {
        Ok(l) => l,
        Err(e) => return out.push(FileOutcome::Failed(e)),
    };
    let Ok(mut template) = model::build(loaded) else {
        return out.push(FileOutcome::NotATemplate(job.template.to_path_buf()));
    };
    assembly::apply_construct_paths(&mut template, job.construct_paths);
    let env = environment(
        &template,
        info.region.as_deref(),
        info.account.as_deref(),
        params,
    );
    let (report, evaluated) = analyze(&template, env, opts, Some(info.clone()));
    out.push(FileOutcome::Scanned(report));
    chain.push(job.template.to_path_buf());
    for nested in assembly::nested_stacks(&template, &evaluated, job.dir, job.root) {
        let nested = match nested {
            Ok(n) => n,
            Err(e) => {
                out.push(FileOutcome::Failed(e));
                continue;
            }
        };
        if chain.contains(&nested.template) || chain.len() >= assembly::MAX_DEPTH {
            out.push(FileOutcome::Failed(LoadError {
                path: template.path.clone(),
                pos: template
                    .resource(&nested.logical_id)
                    .map_or_else(Default::default, |r| r.id_span.start),
                kind: load::LoadErrorKind::Assembly(format!(
                    "nested stack {} makes a cycle or nests deeper than {} levels",
                    nested.logical_id,
                    assembly::MAX_DEPTH
                )),
            }));
            continue;
        }
        let name = format!("{}/{}", info.name, nested.logical_id);
        let mut params = opts.params_for(&nested.template, Some(&name));
        params.extend(nested.parameters);
        let child = StackInfo {
            name,
            nested_in: Some(nested.logical_id.clone()),
            parameters: params.clone().into_iter().collect(),
            ..info.clone()
        };
        let no_paths = HashMap::new();
        let job = StackJob {
            template: &nested.template,
            construct_paths: &no_paths,
            ..*job
        };
        scan_stack(&job, child, params, opts, chain, out);
    }
    chain.pop();
}

/// Evaluate, check, suppress: one template's report (and its evaluation, for nested
/// stacks).
fn analyze(
    template: &model::Template,
    env: eval::Env,
    opts: &Options,
    stack: Option<StackInfo>,
) -> (FileReport, eval::Evaluated) {
    let path = template.path.clone();
    let evaluated = eval::evaluate(template, env);
    let graph = graph::build(template);
    let cx = Ctx {
        template,
        eval: &evaluated,
        graph: &graph,
        config: &opts.rules,
        memo: Default::default(),
    };
    let path_ignored = opts.paths.ignored(&path);
    let outcome = rules::run(&cx, &|m| {
        opts.rule_enabled(m) && !path_ignored.iter().any(|p| matches_pattern(m, p))
    });
    let requirements = opts.requirements.as_ref().map_or_else(Vec::new, |reqs| {
        // Where the region came from, for "region" requirements.
        let region_origin = match &stack {
            _ if opts.region.is_some() => opts
                .region_source
                .clone()
                .unwrap_or_else(|| "--region".to_string()),
            Some(s) if s.region.is_some() => format!("the CDK manifest, stack {}", s.name),
            _ => String::new(),
        };
        assess::requirements::check_template(template, &evaluated, &graph, reqs, &region_origin)
    });

    let resource = |i: Option<usize>| i.map(|i| &template.resources[i]);
    let mut findings: Vec<Finding> = outcome
        .findings
        .into_iter()
        .map(|f| {
            let r = resource(f.resource);
            let severity = match opts.severity_override(f.rule) {
                Some(s) if !f.off_default => s,
                _ => f.severity,
            };
            Finding {
                rule: f.rule,
                severity,
                file: path.clone(),
                span: f.span,
                pointer: f.pointer,
                resource: r.map(|r| r.id.clone()),
                resource_type: r.map(|r| r.typ.clone()),
                cdk_path: r.and_then(|r| r.cdk_path.clone()),
                cdk_internal: r.is_some_and(model::Resource::is_cdk_internal),
                message: f.message,
                when: (!f.when.is_always()).then(|| f.when.to_string()),
                off_default: f.off_default,
                snippet: finding_snippet(&template.source, r, f.span),
                suppressed: None,
            }
        })
        .collect();
    let suppression_warnings = suppress::apply(template, &mut findings);
    if opts.exclude_cdk_internal {
        for f in findings
            .iter_mut()
            .filter(|f| f.cdk_internal && f.suppressed.is_none())
        {
            f.suppressed = Some(Suppression {
                reason: "resource added by the CDK itself, not by the app".into(),
                origin: "cdk-internal".into(),
            });
        }
    }
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
    diagnostics.extend(evaluated.diagnostics.iter().cloned());
    diagnostics.extend(suppression_warnings);
    diagnostics.sort_by_key(|d| d.span.start);
    let report = FileReport {
        path,
        stack,
        format: template.format,
        resources: template.resources.len(),
        parameters: template.parameters.iter().map(|p| p.name.clone()).collect(),
        findings,
        passes,
        diagnostics,
        requirements,
    };
    (report, evaluated)
}

/// The lines a finding shows as its "current issue": the node it points at; for a finding
/// on a whole resource, the start of the resource's definition; none for stack-wide ones
/// (the `Resources:` line says nothing).
fn finding_snippet(source: &str, resource: Option<&model::Resource>, span: load::Span) -> String {
    match resource {
        None => String::new(),
        Some(r) if span == r.id_span => render::snippet(
            source,
            load::Span {
                start: span.start,
                end: r.node.span.end,
            },
        ),
        Some(_) => render::snippet(source, span),
    }
}
