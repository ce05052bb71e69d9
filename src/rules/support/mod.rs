//! Helpers shared by several rules (IAM policy documents, port ranges, tags). Not rules.

pub mod bucket_policy;
pub mod ingress;
pub mod launch_template;
pub mod path;
pub mod scenarios;
pub mod taggable;
pub mod tags;
