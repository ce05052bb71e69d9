//! What a check sees ([`Ctx`], [`Res`]) and how it reports ([`Report`]).

use crate::eval::{Evaluated, Found, Val, When};
use crate::graph::Graph;
use crate::load::Span;
use crate::model::{Resource, Template};

use super::{Meta, Severity};

/// Settings that change what rules check.
#[derive(Debug, Clone)]
pub struct RuleConfig {
    /// Tags every taggable resource must carry: key, and the value if one is required.
    pub required_tags: Vec<(String, Option<String>)>,
    /// Account-baseline rules (CloudTrail, GuardDuty, Config, secret store). Switch off
    /// where the baseline is managed outside this stack.
    pub account_baseline: bool,
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            required_tags: Vec::new(),
            account_baseline: true,
        }
    }
}

/// Facts several checks need about the whole template, computed once per template (a
/// per-resource check that scanned every other resource would make the scan quadratic).
#[derive(Debug, Default)]
pub struct Memo {
    /// Each bucket policy and the texts its `Bucket` evaluates to.
    pub(crate) bucket_policy_names: std::cell::OnceCell<Vec<(usize, Vec<String>)>>,
    /// The parsed ingress of each security group (or standalone ingress) checked so far:
    /// four rules read the same entries.
    pub(crate) ingress: std::cell::RefCell<
        std::collections::HashMap<usize, std::rc::Rc<super::support::ingress::Parsed>>,
    >,
}

pub struct Ctx<'a> {
    pub template: &'a Template,
    pub eval: &'a Evaluated,
    pub graph: &'a Graph,
    pub config: &'a RuleConfig,
    pub memo: Memo,
}

/// One resource as a check sees it.
pub struct Res<'a> {
    pub index: usize,
    pub resource: &'a Resource,
    /// Evaluated `Properties`.
    pub props: &'a Val,
    /// The resource's own `Condition`.
    pub when: &'a When,
}

impl<'a> Res<'a> {
    pub fn id(&self) -> &'a str {
        &self.resource.id
    }

    /// Every outcome of a property path (see [`Val::at`]), with pointers from the template
    /// root and the resource's condition folded in.
    pub fn at(&self, cx: &Ctx, path: &str) -> Vec<Found<'a>> {
        let base = format!("{}/Properties", self.resource.pointer());
        self.props
            .at(path)
            .into_iter()
            .filter_map(|f| {
                let when = cx.eval.env.and(self.when, &f.when)?;
                Some(Found {
                    when,
                    pointer: format!("{base}{}", f.pointer),
                    ..f
                })
            })
            .collect()
    }

    /// Where a finding about this whole resource points: its logical id.
    pub fn here(&self) -> At {
        At {
            resource: Some(self.index),
            span: self.resource.id_span,
            pointer: self.resource.pointer(),
            when: self.when.clone(),
        }
    }

    /// Where a finding about an outcome of [`Res::at`] points.
    pub fn at_found(&self, f: &Found) -> At {
        At {
            resource: Some(self.index),
            span: f.span,
            pointer: f.pointer.clone(),
            when: f.when.clone(),
        }
    }
}

impl<'a> Ctx<'a> {
    pub fn res(&self, index: usize) -> Res<'a> {
        Res {
            index,
            resource: &self.template.resources[index],
            props: &self.eval.resources[index].props,
            when: &self.eval.resources[index].when,
        }
    }

    /// Resources of the given types (all resources when `types` is empty), in template order.
    pub fn resources_of(&self, types: &[&str]) -> Vec<Res<'a>> {
        (0..self.template.resources.len())
            .filter(|&i| {
                types.is_empty() || types.contains(&self.template.resources[i].typ.as_str())
            })
            .map(|i| self.res(i))
            .collect()
    }

    /// Does the stack create a resource of this type (in some scenario)?
    pub fn has_type(&self, typ: &str) -> bool {
        self.template
            .resources
            .iter()
            .zip(&self.eval.resources)
            .any(|(r, e)| e.exists && r.typ == typ)
    }

    /// A workload environment: the stack defines a network and compute in it. Account
    /// baseline rules only make sense for such stacks (not for a lone bucket's template).
    pub fn is_workload_environment(&self) -> bool {
        const NETWORK: &[&str] = &["AWS::EC2::VPC", "AWS::EC2::Subnet"];
        const COMPUTE: &[&str] = &[
            "AWS::EC2::Instance",
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::LaunchTemplate",
            "AWS::ECS::Service",
            "AWS::EKS::Cluster",
            "AWS::EKS::Nodegroup",
            "AWS::Lambda::Function",
            "AWS::RDS::DBInstance",
            "AWS::RDS::DBCluster",
        ];
        let has = |types: &[&str]| {
            self.template
                .resources
                .iter()
                .any(|r| types.contains(&r.typ.as_str()))
        };
        has(NETWORK) && has(COMPUTE)
    }

    pub fn baseline_applies(&self) -> bool {
        self.config.account_baseline && self.is_workload_environment()
    }

    /// The template's first lines at a span, for "current issue" snippets.
    pub fn source(&self) -> &str {
        &self.template.source
    }
}

/// Where a finding points and in which scenario it holds.
#[derive(Debug, Clone)]
pub struct At {
    pub resource: Option<usize>,
    pub span: Span,
    pub pointer: String,
    pub when: When,
}

impl At {
    /// A finding about the stack as a whole (e.g. "no CloudTrail trail"): points at the
    /// `Resources` section.
    pub fn stack(cx: &Ctx) -> At {
        let span = cx
            .template
            .root
            .entry("Resources")
            .map_or(cx.template.root.span, |e| e.key_span);
        At {
            resource: None,
            span,
            pointer: "/Resources".into(),
            when: When::ALWAYS,
        }
    }
}

/// A finding before suppression and assessment.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub rule: &'static Meta,
    pub severity: Severity,
    pub resource: Option<usize>,
    pub span: Span,
    pub pointer: String,
    pub message: String,
    pub when: When,
    /// Set when the finding only holds off the default deployment (some parameter would
    /// have to change): reported, but at info severity.
    pub off_default: bool,
}

/// A check that passed: evidence for the posture section.
#[derive(Debug, Clone)]
pub struct Pass {
    pub rule: &'static Meta,
    pub resource: Option<usize>,
    pub evidence: String,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<RawFinding>,
    pub passes: Vec<Pass>,
}

/// Collects one rule's results on one template.
pub struct Report {
    meta: &'static Meta,
    findings: Vec<RawFinding>,
    passes: Vec<(Option<usize>, String)>,
}

impl Report {
    pub(super) fn new(meta: &'static Meta) -> Report {
        Report {
            meta,
            findings: Vec::new(),
            passes: Vec::new(),
        }
    }

    /// Report a weakness at `at`. `message` is plain-language evidence
    /// ("Resource arn:aws:logs:us-west-2:123456789012:* covers every log group").
    pub fn fail(&mut self, at: At, message: impl Into<String>) {
        self.findings.push(RawFinding {
            rule: self.meta,
            severity: self.meta.severity,
            resource: at.resource,
            span: at.span,
            pointer: at.pointer,
            message: message.into(),
            when: at.when,
            off_default: false,
        });
    }

    /// Record that the check passed, with evidence ("bucket Artifacts: SSE-KMS").
    pub fn pass(&mut self, resource: Option<usize>, evidence: impl Into<String>) {
        self.passes.push((resource, evidence.into()));
    }

    pub(super) fn finish(self, cx: &Ctx, out: &mut Outcome) {
        let mut kept: Vec<RawFinding> = Vec::new();
        // (span, message) → index in `kept`: a linear search here was quadratic in the
        // findings of one rule.
        let mut seen: std::collections::HashMap<(Span, String), usize> =
            std::collections::HashMap::new();
        for mut f in self.findings {
            if !cx.eval.env.holds_by_default(&f.when) {
                f.off_default = true;
                f.severity = Severity::Info;
            }
            // The same weakness reached through several scenarios is one finding; keep the
            // one that holds in the default deployment.
            match seen.entry((f.span, f.message.clone())) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let k = &mut kept[*e.get()];
                    if k.off_default && !f.off_default {
                        *k = f;
                    }
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(kept.len());
                    kept.push(f);
                }
            }
        }
        out.findings.extend(kept);
        for (resource, evidence) in self.passes {
            out.passes.push(Pass {
                rule: self.meta,
                resource,
                evidence,
            });
        }
    }
}
