//! requirements: what *this* stack was asked to do, checked against the evaluated template.
//!
//! A requirement is a title and one or more checks (domain shorthands such as `vpc_cidr`,
//! or the generic form over resources). Each check is run once per scenario: an assignment
//! of the conditions its values depend on (`Fn::If`, resource `Condition`s). Conditions are
//! discovered as the check reads values, so only the ones that matter are enumerated. A
//! requirement met in some scenarios only is "partly met", naming the condition; one that
//! depends on a value known only at deploy time is "unknown" and says why.

mod generic;
mod shorthands;

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::eval::{CondState, Evaluated, Found, When};
use crate::graph::Graph;
use crate::load::Span;
use crate::model::Template;

use super::{FileReport, counts};

pub use shorthands::{is_region_name, normalize_path};

/// The requirements of one file (`hardstack.toml` or `--requirements FILE`).
#[derive(Debug, Clone, Default)]
pub struct Requirements {
    pub source: PathBuf,
    pub items: Vec<Requirement>,
}

impl Requirements {
    /// Tags every taggable resource must carry, from `required_tags` checks: the security
    /// rules check the same tags, so a missing tag is also a finding the report points to.
    pub fn required_tags(&self) -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        for r in &self.items {
            for c in &r.checks {
                if let Check::RequiredTags(tags) = c {
                    for t in tags {
                        if !out.contains(t) {
                            out.push(t.clone());
                        }
                    }
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Requirement {
    pub title: String,
    /// Line of the requirement's table in the requirements file.
    pub line: u32,
    /// All must hold.
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The stack deploys to this region (`--region`, the CDK manifest, or its literals).
    Region(String),
    /// A VPC with this CIDR block.
    VpcCidr(ipnet::IpNet),
    /// Subnets associated with a route table that routes 0.0.0.0/0 to an internet gateway.
    PublicSubnets(Count),
    PrivateSubnets(Count),
    /// Every EC2 instance, launch template and launch configuration uses one of these.
    InstanceType(Vec<String>),
    /// At least one Auto Scaling group; every group's sizes satisfy the counts given.
    AutoScaling {
        min_size: Option<Count>,
        max_size: Option<Count>,
        desired_capacity: Option<Count>,
    },
    /// Every S3 bucket (at least one) has versioning enabled.
    S3Versioning,
    /// Every taggable resource carries these tags (`None`: any value).
    RequiredTags(Vec<(String, Option<String>)>),
    /// No IAM access keys, login profiles or access-key literals.
    NoStaticCredentials,
    /// Every instance, launch template and launch configuration has an instance profile
    /// with a role.
    InstancesUseIamRoles,
    /// Every availability zone, ARN and endpoint literal names this region.
    AllInRegion(String),
    /// The security rules' verdict: met when no finding counts.
    SecurityBestPractices,
    Resources(Generic),
}

/// A number of resources: `min..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Count {
    pub fn exactly(n: u64) -> Count {
        Count {
            min: Some(n),
            max: Some(n),
        }
    }

    pub fn holds(&self, n: u64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => write!(f, "exactly {a}"),
            (Some(a), Some(b)) => write!(f, "{a} to {b}"),
            (Some(a), None) => write!(f, "at least {a}"),
            (None, Some(b)) => write!(f, "at most {b}"),
            (None, None) => f.write_str("any number"),
        }
    }
}

/// The generic form: resources of a type, filtered, counted or all checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Generic {
    pub typ: String,
    pub filters: Vec<Filter>,
    pub quantifier: Quantifier,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Quantifier {
    /// So many resources pass the filters.
    Count(Count),
    /// Every resource that passes the filters also satisfies these.
    Every(Vec<Filter>),
}

/// A test on a property path.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// `/`-separated, `*` for every list element (see [`crate::eval::Val::at`]).
    pub path: String,
    /// As the user wrote it.
    pub display: String,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Equals(String),
    NotEquals(String),
    OneOf(Vec<String>),
    /// A glob: `*` any run of characters, `?` one character.
    Matches(String),
    Range(Option<f64>, Option<f64>),
    Exists(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    PartlyMet,
    NotMet,
    /// Depends on a value known only at deploy time.
    Unknown,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::PartlyMet => "partly met",
            Status::NotMet => "not met",
            Status::Unknown => "unknown",
        }
    }

    /// Several parts that must all hold.
    fn all(statuses: impl IntoIterator<Item = Status>) -> Status {
        let s: BTreeSet<Status> = statuses.into_iter().collect();
        let has = |x| s.contains(&x);
        if s.len() <= 1 {
            s.iter().next().copied().unwrap_or(Status::Met)
        } else if has(Status::PartlyMet) || (has(Status::Met) && has(Status::NotMet)) {
            Status::PartlyMet
        } else if has(Status::NotMet) {
            // Not met, and the rest cannot be judged.
            Status::NotMet
        } else {
            Status::Unknown
        }
    }
}

/// Which kind of security finding can explain a failed evidence item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Related {
    Tags,
    Credentials,
    Roles,
    Versioning,
}

impl Related {
    fn matches(self, slug: &str) -> bool {
        let any = |words: &[&str]| words.iter().any(|w| slug.contains(w));
        match self {
            Related::Tags => any(&["tag"]),
            Related::Credentials => any(&["access-key", "credential", "secret", "login-profile"]),
            Related::Roles => any(&["instance-profile", "iam-role"]),
            Related::Versioning => any(&["versioning"]),
        }
    }
}

/// One resource (or line) that satisfies or breaks a requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub file: PathBuf,
    pub resource: Option<String>,
    pub line: Option<u32>,
    /// True when this item satisfies the requirement, false when it breaks it.
    pub ok: bool,
    pub message: String,
    /// The security finding (rule id) that reports the same problem.
    pub rule: Option<&'static str>,
    /// The scenario it holds in, when not in every scenario (`"not UseT3"`).
    pub when: Option<String>,
    #[serde(skip)]
    pub(crate) related: Option<Related>,
}

/// A requirement's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementResult {
    pub title: String,
    /// Line of the requirement in the requirements file.
    pub line: u32,
    pub status: Status,
    /// One line: why.
    pub summary: String,
    /// When the verdict differs between `Fn::If` branches: which holds where.
    pub scenarios: Option<String>,
    pub evidence: Vec<Evidence>,
    /// Whether this template has anything the requirement is about.
    #[serde(skip)]
    pub applies: bool,
}

/// What a check found in one scenario.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub status: Status,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    pub applies: bool,
}

impl Verdict {
    pub fn new(status: Status, summary: impl Into<String>, evidence: Vec<Evidence>) -> Verdict {
        Verdict {
            status,
            summary: summary.into(),
            evidence,
            applies: true,
        }
    }

    /// The stack has nothing this check is about.
    pub fn absent(summary: impl Into<String>) -> Verdict {
        Verdict {
            status: Status::NotMet,
            summary: summary.into(),
            evidence: vec![],
            applies: false,
        }
    }
}

/// Status of an "every X satisfies" check: all, some or none of `ok`/`bad`, unknown if any
/// item could not be judged and none broke it.
pub(crate) fn every_status(ok: usize, bad: usize, unknown: usize) -> Status {
    match (ok, bad, unknown) {
        (_, 0, 0) => Status::Met,
        (_, 0, _) => Status::Unknown,
        (0, _, _) => Status::NotMet,
        _ => Status::PartlyMet,
    }
}

/// A region literal in the template: an AZ, ARN, endpoint name or a region name.
#[derive(Debug, Clone)]
pub(crate) struct RegionLiteral {
    pub region: String,
    pub kind: &'static str,
    pub text: String,
    pub span: Span,
    pub when: When,
    pub resource: Option<usize>,
}

/// One template, as requirement checks see it.
pub(crate) struct FileCx<'a> {
    pub t: &'a Template,
    pub e: &'a Evaluated,
    pub g: &'a Graph,
    /// Where a given region came from (`--region`, the CDK manifest).
    pub region_origin: &'a str,
    literals: OnceCell<Vec<RegionLiteral>>,
}

/// A template in one scenario.
pub(crate) struct Scope<'a> {
    pub cx: &'a FileCx<'a>,
    assign: &'a BTreeMap<String, bool>,
    needed: RefCell<BTreeSet<String>>,
}

impl<'a> Scope<'a> {
    pub fn t(&self) -> &'a Template {
        self.cx.t
    }

    /// Does the scenario `w` hold in this one? Conditions not yet assigned are noted (the
    /// check will be re-run for both of their values) and read at their default meanwhile.
    pub fn holds(&self, w: &When) -> bool {
        w.literals().iter().all(|(name, value)| {
            if let Some(b) = self.assign.get(name) {
                return b == value;
            }
            match self.cx.e.env.condition(name) {
                CondState::Known(b) => b == *value,
                CondState::Default(b) => {
                    self.needed.borrow_mut().insert(name.clone());
                    b == *value
                }
                CondState::Unknown => {
                    self.needed.borrow_mut().insert(name.clone());
                    *value
                }
            }
        })
    }

    /// Is resource `i` created in this scenario?
    pub fn exists(&self, i: usize) -> bool {
        let r = &self.cx.e.resources[i];
        r.exists && self.holds(&r.when)
    }

    /// Resources of these types created in this scenario, in template order.
    pub fn of(&self, types: &[&str]) -> Vec<usize> {
        (0..self.cx.t.resources.len())
            .filter(|&i| types.contains(&self.cx.t.resources[i].typ.as_str()) && self.exists(i))
            .collect()
    }

    /// The outcomes of a property path of resource `i` in this scenario.
    pub fn at(&self, i: usize, path: &str) -> Vec<Found<'a>> {
        self.cx.e.resources[i]
            .props
            .at(path)
            .into_iter()
            .filter(|f| self.holds(&f.when))
            .collect()
    }

    pub fn id(&self, i: usize) -> &'a str {
        &self.cx.t.resources[i].id
    }

    /// Evidence about resource `i` at `span` (its logical id when `None`).
    pub fn ev(
        &self,
        i: usize,
        span: Option<Span>,
        ok: bool,
        message: impl Into<String>,
    ) -> Evidence {
        let r = &self.cx.t.resources[i];
        Evidence {
            file: self.cx.t.path.clone(),
            resource: Some(r.id.clone()),
            line: Some(span.unwrap_or(r.id_span).start.line),
            ok,
            message: message.into(),
            rule: None,
            when: None,
            related: None,
        }
    }

    /// Evidence about a line that belongs to no resource.
    pub fn ev_at(
        &self,
        resource: Option<usize>,
        span: Span,
        ok: bool,
        message: impl Into<String>,
    ) -> Evidence {
        match resource {
            Some(i) => self.ev(i, Some(span), ok, message),
            None => Evidence {
                file: self.cx.t.path.clone(),
                resource: None,
                line: Some(span.start.line),
                ok,
                message: message.into(),
                rule: None,
                when: None,
                related: None,
            },
        }
    }

    /// Region literals present in this scenario.
    pub fn region_literals(&self) -> Vec<&'a RegionLiteral> {
        let all: &'a Vec<RegionLiteral> = self
            .cx
            .literals
            .get_or_init(|| shorthands::region_literals(self.cx.t, self.cx.e));
        all.iter()
            .filter(|l| l.resource.is_none_or(|i| self.exists(i)) && self.holds(&l.when))
            .collect()
    }
}

/// Most conditions enumerated for one requirement (2^n scenarios).
const MAX_CONDITIONS: usize = 8;

fn run_check(sc: &Scope, c: &Check) -> Verdict {
    match c {
        Check::Resources(g) => generic::check(sc, g),
        // Judged across all files from the findings, in `merge`.
        Check::SecurityBestPractices => Verdict {
            status: Status::Met,
            summary: String::new(),
            evidence: vec![],
            applies: false,
        },
        other => shorthands::check(sc, other),
    }
}

fn run_requirement(sc: &Scope, req: &Requirement) -> Verdict {
    let verdicts: Vec<Verdict> = req.checks.iter().map(|c| run_check(sc, c)).collect();
    let relevant: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| v.applies || !v.summary.is_empty())
        .collect();
    Verdict {
        status: Status::all(relevant.iter().map(|v| v.status)),
        summary: relevant
            .iter()
            .map(|v| v.summary.as_str())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        evidence: verdicts.iter().flat_map(|v| v.evidence.clone()).collect(),
        applies: verdicts.iter().any(|v| v.applies),
    }
}

fn when_of(assign: &BTreeMap<String, bool>) -> When {
    assign.iter().fold(When::ALWAYS, |w, (n, v)| {
        w.and(&When::one(n, *v)).unwrap_or(w)
    })
}

/// Every assignment of `names` that can happen.
fn assignments(cx: &FileCx, names: &[String]) -> Vec<BTreeMap<String, bool>> {
    let mut out = vec![BTreeMap::new()];
    for name in names {
        let values: &[bool] = match cx.e.env.condition(name) {
            CondState::Known(true) => &[true],
            CondState::Known(false) => &[false],
            _ => &[true, false],
        };
        out = out
            .into_iter()
            .flat_map(|a| {
                values.iter().map(move |v| {
                    let mut a = a.clone();
                    a.insert(name.clone(), *v);
                    a
                })
            })
            .collect();
    }
    out.retain(|a| cx.e.env.possible(&when_of(a)));
    out
}

/// Check every requirement against one template.
pub fn check_template(
    t: &Template,
    e: &Evaluated,
    g: &Graph,
    reqs: &Requirements,
    region_origin: &str,
) -> Vec<RequirementResult> {
    let cx = FileCx {
        t,
        e,
        g,
        region_origin,
        literals: OnceCell::new(),
    };
    reqs.items.iter().map(|r| check_one(&cx, r)).collect()
}

fn check_one(cx: &FileCx, req: &Requirement) -> RequirementResult {
    let mut names: Vec<String> = Vec::new();
    let runs = loop {
        let mut runs = Vec::new();
        let mut needed = BTreeSet::new();
        for assign in assignments(cx, &names) {
            let sc = Scope {
                cx,
                assign: &assign,
                needed: RefCell::new(BTreeSet::new()),
            };
            let v = run_requirement(&sc, req);
            needed.extend(sc.needed.into_inner());
            runs.push((assign, v));
        }
        let new: Vec<String> = needed.into_iter().filter(|n| !names.contains(n)).collect();
        if new.is_empty() || names.len() >= MAX_CONDITIONS {
            break runs;
        }
        names.extend(new.into_iter().take(MAX_CONDITIONS - names.len()));
        names.sort();
    };
    summarize(cx, req, runs)
}

/// The scenarios in `set`, in words: one condition literal when it separates them from the
/// rest, else each scenario.
fn describe(set: &[&BTreeMap<String, bool>], rest: &[&BTreeMap<String, bool>]) -> String {
    if let Some(first) = set.first() {
        for (name, value) in first.iter() {
            let in_set = set.iter().all(|a| a.get(name) == Some(value));
            let not_rest = rest.iter().all(|a| a.get(name) != Some(value));
            if in_set && not_rest {
                return When::one(name, *value).to_string();
            }
        }
    }
    set.iter()
        .map(|a| when_of(a).to_string())
        .collect::<Vec<_>>()
        .join(" or ")
}

fn summarize(
    cx: &FileCx,
    req: &Requirement,
    runs: Vec<(BTreeMap<String, bool>, Verdict)>,
) -> RequirementResult {
    let env = &cx.e.env;
    let default = runs
        .iter()
        .position(|(a, _)| env.holds_by_default(&when_of(a)))
        .unwrap_or(0);
    let statuses: BTreeSet<Status> = runs.iter().map(|(_, v)| v.status).collect();
    let (status, scenarios) = if statuses.len() <= 1 {
        (runs[default].1.status, None)
    } else {
        let default_when = &runs[default].0;
        let mark = |set: &[&BTreeMap<String, bool>]| {
            if set.contains(&default_when) {
                " (the default deployment)"
            } else {
                ""
            }
        };
        let met: Vec<&BTreeMap<String, bool>> = runs
            .iter()
            .filter(|(_, v)| v.status == Status::Met)
            .map(|(a, _)| a)
            .collect();
        let mut parts = Vec::new();
        for s in [
            Status::Met,
            Status::PartlyMet,
            Status::NotMet,
            Status::Unknown,
        ] {
            let set: Vec<&BTreeMap<String, bool>> = runs
                .iter()
                .filter(|(_, v)| v.status == s)
                .map(|(a, _)| a)
                .collect();
            if set.is_empty() {
                continue;
            }
            let rest: Vec<&BTreeMap<String, bool>> = runs
                .iter()
                .filter(|(_, v)| v.status != s)
                .map(|(a, _)| a)
                .collect();
            parts.push(format!(
                "{} when {}{}",
                s.label(),
                describe(&set, &rest),
                mark(&set)
            ));
        }
        let status = if !met.is_empty() || statuses.contains(&Status::PartlyMet) {
            Status::PartlyMet
        } else if statuses.contains(&Status::NotMet) {
            Status::NotMet
        } else {
            Status::Unknown
        };
        (status, Some(parts.join("; ")))
    };
    // Evidence of every scenario; an item seen in some scenarios only says which.
    let mut evidence: Vec<(Evidence, Vec<&BTreeMap<String, bool>>)> = Vec::new();
    for (a, v) in &runs {
        for ev in &v.evidence {
            match evidence.iter_mut().find(|(e, _)| e == ev) {
                Some((_, seen)) => seen.push(a),
                None => evidence.push((ev.clone(), vec![a])),
            }
        }
    }
    let all: Vec<&BTreeMap<String, bool>> = runs.iter().map(|(a, _)| a).collect();
    let evidence = evidence
        .into_iter()
        .map(|(mut ev, seen)| {
            if seen.len() < all.len() {
                let rest: Vec<&BTreeMap<String, bool>> =
                    all.iter().filter(|a| !seen.contains(a)).copied().collect();
                ev.when = Some(describe(&seen, &rest));
            }
            ev
        })
        .collect();
    let (_, v) = &runs[default];
    RequirementResult {
        title: req.title.clone(),
        line: req.line,
        status,
        summary: v.summary.clone(),
        scenarios,
        evidence,
        applies: runs.iter().any(|(_, v)| v.applies),
    }
}

/// The verdict for every requirement across all scanned templates. Each template was checked
/// on its own ([`FileReport::requirements`]); a requirement is judged over the templates it
/// applies to, and "security best practices" over every finding.
pub fn merge(reqs: &Requirements, files: &[FileReport]) -> Vec<RequirementResult> {
    reqs.items
        .iter()
        .enumerate()
        .map(|(i, req)| {
            let per_file: Vec<(&FileReport, &RequirementResult)> = files
                .iter()
                .filter_map(|f| f.requirements.get(i).map(|r| (f, r)))
                .collect();
            let applying: Vec<&(&FileReport, &RequirementResult)> =
                per_file.iter().filter(|(_, r)| r.applies).collect();
            let mut result = match applying.as_slice() {
                [] => per_file
                    .first()
                    .map(|(_, r)| (*r).clone())
                    .unwrap_or_else(|| RequirementResult {
                        title: req.title.clone(),
                        line: req.line,
                        status: Status::NotMet,
                        summary: "no template was scanned".into(),
                        scenarios: None,
                        evidence: vec![],
                        applies: false,
                    }),
                [(_, one)] => (*one).clone(),
                many => RequirementResult {
                    title: req.title.clone(),
                    line: req.line,
                    status: Status::all(many.iter().map(|(_, r)| r.status)),
                    summary: many
                        .iter()
                        .map(|(f, r)| format!("{}: {}", f.path.display(), r.summary))
                        .collect::<Vec<_>>()
                        .join("; "),
                    scenarios: {
                        let s: Vec<String> = many
                            .iter()
                            .filter_map(|(f, r)| {
                                r.scenarios
                                    .as_ref()
                                    .map(|s| format!("{}: {s}", f.path.display()))
                            })
                            .collect();
                        (!s.is_empty()).then(|| s.join("; "))
                    },
                    evidence: many.iter().flat_map(|(_, r)| r.evidence.clone()).collect(),
                    applies: true,
                },
            };
            if req.checks.contains(&Check::SecurityBestPractices) {
                let sbp = best_practices(files);
                let only = req.checks.len() == 1 || applying.is_empty();
                result.status = if only {
                    sbp.status
                } else {
                    Status::all([result.status, sbp.status])
                };
                result.summary = if only || result.summary.is_empty() {
                    sbp.summary
                } else {
                    format!("{}; {}", result.summary, sbp.summary)
                };
                result.evidence.extend(sbp.evidence);
                result.applies = true;
            }
            point_to_findings(&mut result, files);
            result
        })
        .collect()
}

/// The security rules' verdict: met when no finding counts, partly met otherwise, with one
/// evidence item per rule that has findings (the plan lists the fixes).
fn best_practices(files: &[FileReport]) -> Verdict {
    let mut by_rule: BTreeMap<&'static str, (usize, Vec<String>, Evidence)> = BTreeMap::new();
    let mut total = 0;
    for f in files.iter().flat_map(|f| &f.findings).filter(|f| counts(f)) {
        total += 1;
        let entry = by_rule.entry(f.rule.id).or_insert_with(|| {
            (
                0,
                Vec::new(),
                Evidence {
                    file: f.file.clone(),
                    resource: f.resource.clone(),
                    line: Some(f.span.start.line),
                    ok: false,
                    message: f.rule.title.to_string(),
                    rule: Some(f.rule.id),
                    when: None,
                    related: None,
                },
            )
        });
        entry.0 += 1;
        if let Some(r) = &f.resource
            && !entry.1.contains(r)
        {
            entry.1.push(r.clone());
        }
    }
    if total == 0 {
        let passes: usize = files.iter().map(|f| f.passes.len()).sum();
        return Verdict::new(
            Status::Met,
            format!("no open security findings ({passes} checks passed)"),
            vec![],
        );
    }
    let rules = by_rule.len();
    let evidence = by_rule
        .into_values()
        .map(|(n, resources, mut ev)| {
            let on = if resources.is_empty() {
                String::new()
            } else {
                format!(" ({})", resources.join(", "))
            };
            ev.message = format!(
                "{}: {n} finding{}{on}",
                ev.message,
                if n == 1 { "" } else { "s" }
            );
            ev
        })
        .collect();
    Verdict::new(
        Status::PartlyMet,
        format!(
            "{total} open security finding{} from {rules} rule{}; see the improvement plan",
            if total == 1 { "" } else { "s" },
            if rules == 1 { "" } else { "s" }
        ),
        evidence,
    )
}

/// A failed evidence item that a security finding also reports points to it.
fn point_to_findings(result: &mut RequirementResult, files: &[FileReport]) {
    for ev in result
        .evidence
        .iter_mut()
        .filter(|e| !e.ok && e.rule.is_none())
    {
        let (Some(related), Some(resource)) = (ev.related, &ev.resource) else {
            continue;
        };
        ev.rule = files
            .iter()
            .filter(|f| f.path == ev.file)
            .flat_map(|f| &f.findings)
            .find(|f| {
                f.resource.as_ref() == Some(resource)
                    && f.suppressed.is_none()
                    && related.matches(f.rule.slug)
            })
            .map(|f| f.rule.id);
    }
}

/// The requirements that apply to a scan: `--requirements FILE`, else the `hardstack.toml`
/// found from the first scanned path upwards (if it has `[[requirements]]`).
pub fn locate(explicit: Option<&Path>, scanned: &[PathBuf]) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| scanned.first().and_then(|p| crate::config::discover(p)))
}

#[cfg(test)]
mod tests;
