//! Region names in literal text (`us-west-2`, in AZ names, ARNs and endpoints), and the
//! region a template names when nobody says where it deploys.

use crate::load::{Node, NodeKind};
use crate::model::Template;

const DIRECTIONS: &[&str] = &[
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "central",
    "north",
    "south",
    "east",
    "west",
];

/// Length of the region name at the start of `s` (`us-west-2`, `us-gov-east-1`,
/// `ap-southeast-3`), if there is one.
fn region_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_lowercase() || !b[1].is_ascii_lowercase() || b[2] != b'-' {
        return None;
    }
    let mut p = 3;
    for part in ["gov-", "iso-", "isob-", "isoe-", "isof-"] {
        if s[p..].starts_with(part) {
            p += part.len();
            break;
        }
    }
    let dir = DIRECTIONS.iter().find(|d| s[p..].starts_with(*d))?;
    p += dir.len();
    if b.get(p) != Some(&b'-') {
        return None;
    }
    p += 1;
    let digits = b[p..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    Some(p + digits)
}

/// `us-west-2`, exactly.
pub fn is_region_name(s: &str) -> bool {
    region_prefix(s) == Some(s.len())
}

/// Region names in a literal string, with what they are part of.
pub fn find_regions(s: &str) -> Vec<(String, &'static str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        let boundary = p == 0 || !(b[p - 1].is_ascii_alphanumeric());
        if boundary
            && b[p].is_ascii_lowercase()
            && let Some(len) = region_prefix(&s[p..])
        {
            let region = &s[p..p + len];
            let after = &s[p + len..];
            let before = &s[..p];
            let ab = after.as_bytes();
            let kind = if ab.first().is_some_and(u8::is_ascii_lowercase)
                && !ab.get(1).is_some_and(u8::is_ascii_alphanumeric)
            {
                Some("availability zone")
            } else if ab.first().is_some_and(u8::is_ascii_alphanumeric) {
                None
            } else if before.ends_with(':') && before.contains("arn:") {
                Some("ARN")
            } else if before.ends_with("com.amazonaws.")
                || after.starts_with(".amazonaws.com")
                || after.starts_with(".api.aws")
            {
                Some("endpoint")
            } else {
                Some("region name")
            };
            if let Some(kind) = kind {
                out.push((region.to_string(), kind));
                p += len;
                continue;
            }
        }
        p += 1;
    }
    out
}

/// The one region the template's own literals name (AZ names, ARNs, endpoint names in
/// resource properties and parameter defaults), if they name exactly one. Used when no
/// `--region` or CDK environment says where the stack deploys.
pub fn infer(t: &Template) -> Option<String> {
    fn walk(n: &Node, out: &mut Vec<String>) {
        match &n.kind {
            NodeKind::Map(es) => es.iter().for_each(|e| walk(&e.value, out)),
            NodeKind::Seq(items) => items.iter().for_each(|i| walk(i, out)),
            NodeKind::Scalar(s) => out.extend(find_regions(&s.raw).into_iter().map(|(r, _)| r)),
        }
    }
    let mut found = Vec::new();
    for r in &t.resources {
        if let Some(p) = r.properties() {
            walk(p, &mut found);
        }
    }
    for p in &t.parameters {
        if let Some(d) = &p.default {
            walk(d, &mut found);
        }
    }
    found.sort();
    found.dedup();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}
