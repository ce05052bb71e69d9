//! Rule metadata: everything a report says about a rule besides the finding itself.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }

    pub fn title(self) -> &'static str {
        match self {
            Severity::Info => "Info",
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }
}

/// When to fix: the plan's tiers. Usually follows severity, but a cheap fix of a medium
/// risk (remove SSH, use Session Manager) belongs in the immediate tier, and a compliance
/// improvement of low risk (customer-managed keys) in the next sprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// High priority: immediate.
    High,
    /// Medium priority: next sprint.
    Medium,
    /// Low priority: future.
    Low,
}

impl Tier {
    pub fn title(self) -> &'static str {
        match self {
            Tier::High => "High Priority (Immediate)",
            Tier::Medium => "Medium Priority (Next Sprint)",
            Tier::Low => "Low Priority (Future)",
        }
    }
}

/// Posture categories: how strengths are grouped in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    IdentityAndAccess,
    NetworkSegmentation,
    Encryption,
    PrivateConnectivity,
    NetworkFiltering,
    InstanceHardening,
    Logging,
    Monitoring,
    DataProtection,
    EdgeProtection,
    SecretsManagement,
    ThreatDetection,
    Audit,
    Compliance,
    Governance,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::IdentityAndAccess => "Least Privilege IAM",
            Category::NetworkSegmentation => "Network Segmentation",
            Category::Encryption => "Encryption",
            Category::PrivateConnectivity => "VPC Endpoints",
            Category::NetworkFiltering => "Security Groups",
            Category::InstanceHardening => "Instance Hardening",
            Category::Logging => "VPC Flow Logs",
            Category::Monitoring => "CloudWatch Monitoring",
            Category::DataProtection => "S3 Security",
            Category::EdgeProtection => "Edge Protection",
            Category::SecretsManagement => "Secrets Management",
            Category::ThreatDetection => "Threat Detection",
            Category::Audit => "Audit Logging",
            Category::Compliance => "Compliance Monitoring",
            Category::Governance => "Resource Tagging",
        }
    }
}

/// The fix, in each format a user may write the stack in.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fix {
    pub yaml: &'static str,
    pub json: &'static str,
    /// AWS CDK (TypeScript) construct properties, when a construct property fixes it.
    pub cdk: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    /// Stable id, e.g. `S3-001`. Never reused.
    pub id: &'static str,
    /// Kebab-case name, e.g. `s3-bucket-encryption`.
    pub slug: &'static str,
    /// What the rule checks, as a weakness ("S3 bucket without default encryption").
    pub title: &'static str,
    /// How a passing stack is described in the posture section.
    pub strength: &'static str,
    pub service: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub tier: Tier,
    /// Resource types the check is dispatched on; empty for stack-wide rules.
    pub resource_types: &'static [&'static str],
    /// An account-baseline rule (CloudTrail, GuardDuty, Config, secret store): applies to
    /// stacks that define a workload environment, and can be switched off.
    pub baseline: bool,
    pub rationale: &'static str,
    pub risk: &'static str,
    pub impact: &'static str,
    pub remediation: &'static str,
    pub fix: Fix,
    pub references: &'static [&'static str],
    /// Ids of the same check in checkov (CKV_AWS_*), cfn_nag (W*/F*), cdk-nag
    /// (AwsSolutions-*) and Trivy (AVD-AWS-*), so their suppressions keep working.
    pub aliases: &'static [&'static str],
}
