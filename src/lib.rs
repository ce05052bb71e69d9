//! hardstack: a security analyzer and hardener for AWS CloudFormation and CDK.
//!
//! The pipeline runs one way: discover → load → model → eval → graph → rules → suppress →
//! assess → render. Each stage is a module and depends only on the stages before it.

pub mod load;
pub mod model;
