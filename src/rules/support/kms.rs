//! KMS key references: customer managed key or AWS managed key.

use crate::eval::{Val, ValKind};

/// Is the key a customer managed key? A `Ref`/`GetAtt` to a resource (an `AWS::KMS::Key`
/// or its alias), a key id or ARN, or an alias other than `alias/aws/*` is; `alias/aws/*`
/// (the AWS managed keys) is not. `None` when the value is not known.
pub fn is_customer_managed(v: &Val) -> Option<bool> {
    match &v.kind {
        ValKind::Ref { .. } => Some(true),
        ValKind::Str(_) | ValKind::Num(_) | ValKind::Text { .. } => {
            let t = v.text()?.trim();
            if t.is_empty() {
                return None;
            }
            let alias = t
                .rsplit_once(":alias/")
                .map_or(t.strip_prefix("alias/"), |(_, a)| Some(a));
            match alias {
                Some(a) if a.starts_with("aws/") => Some(false),
                // `alias/${Name}`: which alias is not known.
                Some(a) if a.starts_with("${") => None,
                _ if t.starts_with("${")
                    && !matches!(v.kind, ValKind::Text { ref refs, .. } if !refs.is_empty()) =>
                {
                    None
                }
                _ => Some(true),
            }
        }
        _ => None,
    }
}

/// The AWS managed alias named by the value (`alias/aws/sns`), if it is one.
pub fn aws_managed_alias(v: &Val) -> Option<&str> {
    let t = v.text()?.trim();
    let alias = t
        .rsplit_once(":alias/")
        .map_or(t.strip_prefix("alias/"), |(_, a)| Some(a))?;
    alias.starts_with("aws/").then_some(t)
}
