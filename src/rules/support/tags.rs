//! Resource tags: which resource types take tags, and what tags a resource carries in
//! each scenario.

use crate::eval::{Val, ValKind, When};
use crate::rules::{At, Ctx, Res};

/// Common types without a `Tags` property (or with tags under another name). Everything else under `AWS::` is taken as
/// taggable; `Custom::*`, `AWS::CloudFormation::*`, `AWS::CDK::*` and non-AWS types never are.
const UNTAGGABLE: &[&str] = &[
    "AWS::ApiGateway::Account",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::BasePathMapping",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::UsagePlanKey",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::Deployment",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::AutoScaling::LaunchConfiguration",
    "AWS::AutoScaling::LifecycleHook",
    "AWS::AutoScaling::ScalingPolicy",
    "AWS::AutoScaling::ScheduledAction",
    "AWS::CloudFront::CachePolicy",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::OriginRequestPolicy",
    "AWS::CloudFront::ResponseHeadersPolicy",
    "AWS::CloudWatch::Dashboard",
    "AWS::Config::ConfigRule",
    "AWS::Config::ConfigurationRecorder",
    "AWS::Config::ConformancePack",
    "AWS::Config::DeliveryChannel",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::GatewayRouteTableAssociation",
    "AWS::EC2::LaunchTemplate",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::Route",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SubnetCidrBlock",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::TransitGatewayRoute",
    "AWS::EC2::TransitGatewayRouteTableAssociation",
    "AWS::EC2::TransitGatewayRouteTablePropagation",
    "AWS::EC2::VolumeAttachment",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::VPNGatewayRoutePropagation",
    "AWS::ECS::ClusterCapacityProviderAssociations",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::Events::EventBusPolicy",
    "AWS::Events::Rule",
    "AWS::IAM::AccessKey",
    "AWS::IAM::Group",
    "AWS::IAM::GroupPolicy",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Policy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::ServiceLinkedRole",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::UserToGroupAddition",
    "AWS::KMS::Alias",
    "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::LayerVersionPermission",
    "AWS::Lambda::Permission",
    "AWS::Lambda::Url",
    "AWS::Lambda::Version",
    "AWS::Logs::Destination",
    "AWS::Logs::LogStream",
    "AWS::Logs::MetricFilter",
    "AWS::Logs::QueryDefinition",
    "AWS::Logs::ResourcePolicy",
    "AWS::Logs::SubscriptionFilter",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup",
    "AWS::S3::AccessPoint",
    "AWS::S3::BucketPolicy",
    "AWS::SecretsManager::ResourcePolicy",
    "AWS::SecretsManager::RotationSchedule",
    "AWS::SecretsManager::SecretTargetAttachment",
    "AWS::Serverless::LayerVersion",
    "AWS::SNS::Subscription",
    "AWS::SNS::TopicInlinePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::SQS::QueueInlinePolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::WAFRegional::WebACLAssociation",
    "AWS::WAFv2::WebACLAssociation",
    // Tags under another property name (UserPoolTags, HostedZoneTags): not read here.
    "AWS::Cognito::UserPool",
    "AWS::Route53::HostedZone",
];

pub fn is_taggable(typ: &str) -> bool {
    typ.starts_with("AWS::")
        && !typ.starts_with("AWS::CloudFormation::")
        && !typ.starts_with("AWS::CDK::")
        && !UNTAGGABLE.contains(&typ)
}

/// A tag, present in scenario `when` (relative to its tag set).
#[derive(Debug, Clone)]
pub struct Tag {
    pub key: String,
    pub when: When,
    /// The value in each of its alternatives; `None` when not known statically.
    pub values: Vec<(When, Option<String>)>,
}

/// The tags of a resource in one scenario.
#[derive(Debug, Clone)]
pub struct TagSet {
    pub when: When,
    /// Where a finding about the tags points (the `Tags` property, or the resource).
    pub at: At,
    /// False when some tag's key is not known statically: absence proves nothing.
    pub complete: bool,
    pub tags: Vec<Tag>,
}

impl TagSet {
    /// Scenarios (within this set's) where `key` is carried.
    pub fn carries(&self, key: &str) -> Vec<When> {
        self.tags
            .iter()
            .filter(|t| t.key == key)
            .map(|t| t.when.clone())
            .collect()
    }

    pub fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.tags.iter().map(|t| t.key.as_str()).collect();
        k.sort_unstable();
        k.dedup();
        k
    }
}

/// The tag sets of a taggable resource (one per alternative of `Tags`). Tags are a list of
/// `Key`/`Value` maps (ASGs add `PropagateAtLaunch`) or, for SAM and some types, a map.
pub fn tag_sets(cx: &Ctx, res: &Res) -> Vec<TagSet> {
    let mut out = Vec::new();
    for f in res.at(cx, "Tags") {
        let at = match f.val {
            Some(v) => At {
                resource: Some(res.index),
                span: v.span,
                pointer: f.pointer.clone(),
                when: f.when.clone(),
            },
            None => At {
                when: f.when.clone(),
                ..res.here()
            },
        };
        let mut set = TagSet {
            when: f.when.clone(),
            at,
            complete: true,
            tags: Vec::new(),
        };
        match f.val.map(|v| &v.kind) {
            None => {}
            Some(ValKind::List(items)) => {
                for item in items {
                    for g in item.at("") {
                        let Some(entry) = g.val else { continue };
                        match entry.get("Key").and_then(Val::as_str) {
                            Some(key) => set.tags.push(Tag {
                                key: key.to_string(),
                                when: g.when.clone(),
                                values: values(entry.get("Value")),
                            }),
                            None => set.complete = false,
                        }
                    }
                }
            }
            Some(ValKind::Map(entries)) => {
                for (k, v) in entries {
                    set.tags.push(Tag {
                        key: k.clone(),
                        when: When::ALWAYS,
                        values: values(Some(v)),
                    });
                }
            }
            Some(_) => set.complete = false,
        }
        out.push(set);
    }
    out
}

fn values(v: Option<&Val>) -> Vec<(When, Option<String>)> {
    match v {
        None => vec![(When::ALWAYS, None)],
        Some(v) => v
            .at("")
            .into_iter()
            .map(|f| (f.when, f.val.and_then(Val::as_str).map(str::to_string)))
            .collect(),
    }
}
