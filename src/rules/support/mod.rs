//! Helpers shared by several rules (IAM policy documents, port ranges, tags). Not rules.
pub mod policy;
