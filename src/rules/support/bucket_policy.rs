//! S3 bucket policies as the S3 rules read them: which policies govern a bucket, and the
//! questions the S3 rules ask of each statement (TLS enforced, public grant, access
//! restricted). Statements are read by [`super::policy`], the one policy parser.

use crate::eval::Val;
use crate::rules::support::policy::{self, Effect, Statement, any_public};
use crate::rules::{Ctx, Res};

/// The bucket policies that govern a bucket: those that `Ref` it (or name it in a `Sub`)
/// from `Bucket`, and those whose `Bucket` evaluates to the same text as the bucket's
/// `BucketName`: a literal, or a partly known string with identical placeholders
/// (`!Sub ${AppName}-${AWS::AccountId}` on both sides; see [`Val::text`]).
pub fn policies_for(cx: &Ctx, bucket: &Res) -> Vec<usize> {
    let mut out = cx
        .graph
        .referrers(cx.template, bucket.index, "AWS::S3::BucketPolicy", "Bucket");
    let names: Vec<String> = bucket
        .at(cx, "BucketName")
        .iter()
        .filter_map(|f| f.val?.text().map(str::to_string))
        .collect();
    if !names.is_empty() {
        let policies = cx.memo.bucket_policy_names.get_or_init(|| {
            cx.resources_of(&["AWS::S3::BucketPolicy"])
                .into_iter()
                .map(|p| {
                    let texts = p
                        .at(cx, "Bucket")
                        .iter()
                        .filter_map(|f| f.val.and_then(Val::text).map(str::to_string))
                        .collect();
                    (p.index, texts)
                })
                .collect()
        });
        for (index, texts) in policies {
            if texts.iter().any(|b| names.contains(b)) {
                out.push(*index);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every statement outcome of a bucket policy's `PolicyDocument` (see
/// [`policy::statements`]).
pub fn statements<'a>(cx: &Ctx, policy: &Res<'a>) -> Vec<Statement<'a>> {
    policy::statements(cx, policy, "PolicyDocument")
}

/// Who a statement's `Principal` (or, without one, its `NotPrincipal`) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// `"*"`, `{AWS: "*"}`, or a list holding `*`.
    Everyone,
    /// Accounts, roles, users, canonical users, federated providers (services aside).
    Named,
    /// Only service principals (`Service: cloudtrail.amazonaws.com`).
    Service,
    /// No principal at all.
    Nobody,
    /// Not known statically.
    Unknown,
}

fn who(st: &Statement) -> Who {
    let principals = if st.uses_not_principal() {
        &st.not_principals
    } else {
        &st.principals
    };
    match any_public(principals) {
        Some(true) => Who::Everyone,
        None => Who::Unknown,
        Some(false)
            if principals
                .iter()
                .any(|p| p.kind.as_deref() != Some("Service")) =>
        {
            Who::Named
        }
        Some(false) if principals.is_empty() => Who::Nobody,
        Some(false) => Who::Service,
    }
}

/// The questions the S3 rules ask of a bucket policy statement.
pub trait BucketStatement {
    /// `Deny` to everyone when `aws:SecureTransport` is false. `None`: cannot tell.
    fn denies_insecure_transport(&self) -> Option<bool>;

    /// A condition that keeps the statement from applying to arbitrary callers: for
    /// `Allow`, a positive test of a caller or network key (see
    /// [`policy::RESTRICTING_KEYS`]); for `Deny`, a negated one ("deny unless the caller is
    /// in account X").
    fn has_restricting_condition(&self) -> Option<bool>;

    /// `Allow` to everyone (`Principal: *`, or `NotPrincipal`) with no restricting
    /// condition. `None`: cannot tell.
    fn is_public_allow(&self) -> Option<bool>;

    /// Limits who can reach the bucket: grants to named principals only (accounts, roles,
    /// users, or a named service such as `cloudtrail.amazonaws.com`: the grant reaches that
    /// service and nobody else), denies to all but named principals, or a restricting
    /// condition. `None`: cannot tell.
    fn restricts_access(&self) -> Option<bool>;
}

impl BucketStatement for Statement<'_> {
    fn denies_insecure_transport(&self) -> Option<bool> {
        match self.effect? {
            Effect::Allow => return Some(false),
            Effect::Deny => {}
        }
        if self.condition_unknown {
            return None;
        }
        let transport: Vec<_> = self
            .conditions
            .iter()
            .filter(|c| c.key.eq_ignore_ascii_case("aws:securetransport"))
            .collect();
        let tls = transport.iter().any(|c| {
            c.base_operator() == "Bool"
                && c.values
                    .iter()
                    .filter_map(|v| v.as_str())
                    .any(|v| v.eq_ignore_ascii_case("false"))
        });
        if !tls {
            let unknown = transport
                .iter()
                .any(|c| c.values.iter().any(|v| v.as_str().is_none()));
            return if unknown { None } else { Some(false) };
        }
        match (who(self), self.uses_not_principal()) {
            (Who::Everyone, false) => Some(true),
            (Who::Unknown, _) => None,
            _ => Some(false),
        }
    }

    fn has_restricting_condition(&self) -> Option<bool> {
        let effect = self.effect?;
        if self.condition_unknown {
            return None;
        }
        Some(self.conditions.iter().any(|c| {
            c.restricts_who()
                && c.base_operator() != "Null"
                && match effect {
                    Effect::Allow => !c.is_negated() && !c.lenient_when_absent(),
                    Effect::Deny => c.is_negated(),
                }
        }))
    }

    fn is_public_allow(&self) -> Option<bool> {
        match self.effect? {
            Effect::Deny => return Some(false),
            Effect::Allow => {}
        }
        let everyone = match (who(self), self.uses_not_principal()) {
            (Who::Unknown, _) => return None,
            (_, true) | (Who::Everyone, false) => true,
            _ => false,
        };
        if !everyone {
            return Some(false);
        }
        Some(!self.has_restricting_condition()?)
    }

    fn restricts_access(&self) -> Option<bool> {
        let effect = self.effect?;
        let by_principal = match (effect, who(self), self.uses_not_principal()) {
            (_, Who::Unknown, _) => None,
            (Effect::Allow, Who::Named | Who::Service, false) => Some(true),
            (Effect::Deny, Who::Named, true) => Some(true),
            _ => Some(false),
        };
        if by_principal == Some(true) {
            return Some(true);
        }
        match self.has_restricting_condition() {
            Some(true) => Some(true),
            Some(false) => by_principal,
            None => None,
        }
    }
}
