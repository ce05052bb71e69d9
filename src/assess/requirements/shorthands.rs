//! The domain shorthands: what people actually ask of a stack, checked through the same
//! evaluated values and resource graph the security rules read.

use super::{Check, Count, Evidence, RegionLiteral, Related, Scope, Status, Verdict, every_status};
use crate::eval::{Evaluated, Val, ValKind, When};
use crate::graph::network::Exposure;
use crate::load::{Node, NodeKind, Span};
use crate::model::Template;
use crate::rules::support::taggable::{TagShape, tag_property};

pub(super) fn check(sc: &Scope, c: &Check) -> Verdict {
    match c {
        Check::Region(r) => region(sc, r),
        Check::VpcCidr(net) => vpc_cidr(sc, net),
        Check::PublicSubnets(n) => subnets(sc, true, n),
        Check::PrivateSubnets(n) => subnets(sc, false, n),
        Check::InstanceType(types) => instance_type(sc, types),
        Check::AutoScaling {
            min_size,
            max_size,
            desired_capacity,
        } => auto_scaling(sc, [*min_size, *max_size, *desired_capacity]),
        Check::S3Versioning => s3_versioning(sc),
        Check::RequiredTags(tags) => required_tags(sc, tags),
        Check::NoStaticCredentials => no_static_credentials(sc),
        Check::InstancesUseIamRoles => instances_use_roles(sc),
        Check::AllInRegion(r) => all_in_region(sc, r),
        Check::SecurityBestPractices | Check::Resources(_) => unreachable!("checked elsewhere"),
    }
}

/// Why a value cannot be judged statically.
pub(super) fn unknown_reason(v: &Val) -> String {
    match &v.kind {
        ValKind::Unknown(r) => r.clone(),
        ValKind::Ref { target, attr: None } => {
            format!("a reference to {target}, known only at deploy time")
        }
        ValKind::Ref {
            target,
            attr: Some(a),
        } => format!("{target}.{a}, known only at deploy time"),
        ValKind::Text { text, .. } => format!("`{text}` is known only at deploy time"),
        _ => "not a single value".into(),
    }
}

/// " (parameter P's default)" when the value at `span` in resource `i` is a `Ref` to a
/// parameter: a requirement met through a default holds only while nobody overrides it.
pub(super) fn via_parameter(sc: &Scope, i: usize, span: Span) -> String {
    fn find(n: &Node, span: Span) -> Option<&Node> {
        if n.span == span {
            return Some(n);
        }
        if n.span.start > span.start || n.span.end < span.end {
            return None;
        }
        match &n.kind {
            NodeKind::Map(es) => es.iter().find_map(|e| find(&e.value, span)),
            NodeKind::Seq(items) => items.iter().find_map(|i| find(i, span)),
            NodeKind::Scalar(_) => None,
        }
    }
    let Some(node) = find(&sc.t().resources[i].node, span) else {
        return String::new();
    };
    let Some(("Ref", arg)) = node.intrinsic() else {
        return String::new();
    };
    let Some(name) = arg.as_name() else {
        return String::new();
    };
    if sc.t().parameter(name).is_none() {
        return String::new();
    }
    if sc.cx.e.env.overrides.contains_key(name) {
        format!(" (parameter {name}, given)")
    } else {
        format!(" (parameter {name}'s default)")
    }
}

fn names(sc: &Scope, items: &[usize]) -> String {
    items
        .iter()
        .map(|&i| sc.id(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The region given from outside (`--region`, CDK manifest), and where it came from.
fn given_region(sc: &Scope) -> Option<(String, String)> {
    let env = &sc.cx.e.env;
    env.region_given.then(|| {
        (
            env.region.clone(),
            if sc.cx.region_origin.is_empty() {
                "--region".to_string()
            } else {
                sc.cx.region_origin.to_string()
            },
        )
    })
}

fn literal_ev(sc: &Scope, l: &RegionLiteral, ok: bool) -> Evidence {
    sc.ev_at(
        l.resource,
        l.span,
        ok,
        format!("{} `{}` names {}", l.kind, l.text, l.region),
    )
}

fn region(sc: &Scope, want: &str) -> Verdict {
    if let Some((r, origin)) = given_region(sc) {
        let status = if r == want {
            Status::Met
        } else {
            Status::NotMet
        };
        return Verdict::new(status, format!("region {r} (from {origin})"), vec![]);
    }
    let lits = sc.region_literals();
    if lits.is_empty() {
        return Verdict::new(
            Status::Unknown,
            "no region given (--region) and the template names none: it deploys wherever it is launched",
            vec![],
        );
    }
    let (good, bad): (Vec<&RegionLiteral>, Vec<&RegionLiteral>) =
        lits.iter().copied().partition(|l| l.region == want);
    let mut evidence: Vec<Evidence> = bad.iter().map(|l| literal_ev(sc, l, false)).collect();
    evidence.extend(good.iter().take(3).map(|l| literal_ev(sc, l, true)));
    if bad.is_empty() {
        Verdict::new(
            Status::Met,
            format!(
                "region {want} (from the template's literals: {} name it)",
                good.len()
            ),
            evidence,
        )
    } else {
        let mut others: Vec<&str> = bad.iter().map(|l| l.region.as_str()).collect();
        others.dedup();
        Verdict::new(
            Status::NotMet,
            format!(
                "the template's literals name {} (no --region given)",
                others.join(", ")
            ),
            evidence,
        )
    }
}

fn all_in_region(sc: &Scope, want: &str) -> Verdict {
    let lits = sc.region_literals();
    let mut evidence = Vec::new();
    let given = given_region(sc);
    if let Some((r, origin)) = &given
        && r != want
    {
        return Verdict::new(
            Status::NotMet,
            format!("the stack deploys to {r} (from {origin}), not {want}"),
            vec![],
        );
    }
    let (good, bad): (Vec<&RegionLiteral>, Vec<&RegionLiteral>) =
        lits.iter().copied().partition(|l| l.region == want);
    evidence.extend(bad.iter().map(|l| literal_ev(sc, l, false)));
    evidence.extend(good.iter().map(|l| literal_ev(sc, l, true)));
    let deploys = match &given {
        Some((r, origin)) => format!("deploys to {r} (from {origin})"),
        None => "no --region given".into(),
    };
    if lits.is_empty() {
        return match given {
            Some(_) => Verdict::new(
                Status::Met,
                format!("{deploys}; the template names no other region"),
                evidence,
            ),
            None => Verdict::new(
                Status::Unknown,
                "no region given (--region) and the template names none: it deploys wherever it is launched",
                evidence,
            ),
        };
    }
    let mut kinds: Vec<&str> = lits.iter().map(|l| l.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let status = every_status(good.len(), bad.len(), 0);
    let summary = if bad.is_empty() {
        format!(
            "{deploys}; all {} region literals ({}) name {want}",
            lits.len(),
            kinds.join(", ")
        )
    } else {
        let mut others: Vec<&str> = bad.iter().map(|l| l.region.as_str()).collect();
        others.sort_unstable();
        others.dedup();
        format!(
            "{deploys}; {} of {} region literals name {} instead of {want}",
            bad.len(),
            lits.len(),
            others.join(", ")
        )
    };
    Verdict::new(status, summary, evidence)
}

fn vpc_cidr(sc: &Scope, want: &ipnet::IpNet) -> Verdict {
    let vpcs = sc.of(&["AWS::EC2::VPC"]);
    if vpcs.is_empty() {
        return Verdict::absent("no AWS::EC2::VPC in the template");
    }
    let mut evidence = Vec::new();
    let (mut ok, mut unknown, mut seen) = (vec![], vec![], vec![]);
    for &i in &vpcs {
        for f in sc.at(i, "CidrBlock") {
            match f.val {
                None => {
                    unknown.push(i);
                    evidence.push(sc.ev(
                        i,
                        Some(f.span),
                        false,
                        format!(
                            "VPC {} has no CidrBlock (an IPAM pool assigns it at deploy time)",
                            sc.id(i)
                        ),
                    ));
                }
                Some(v) => match v.as_str() {
                    Some(s) => {
                        let net: Option<ipnet::IpNet> = s.trim().parse().ok();
                        let via = via_parameter(sc, i, f.span);
                        if net.is_some_and(|n| n.trunc() == want.trunc()) {
                            ok.push(i);
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                true,
                                format!("VPC {} has CidrBlock {s}{via}", sc.id(i)),
                            ));
                        } else {
                            seen.push(format!("{}: {s}", sc.id(i)));
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                false,
                                format!("VPC {} has CidrBlock {s}{via}, not {want}", sc.id(i)),
                            ));
                        }
                    }
                    None => {
                        unknown.push(i);
                        evidence.push(sc.ev(
                            i,
                            Some(f.span),
                            false,
                            format!("VPC {} CidrBlock: {}", sc.id(i), unknown_reason(v)),
                        ));
                    }
                },
            }
        }
    }
    if !ok.is_empty() {
        Verdict::new(
            Status::Met,
            format!("VPC {} has {want}", names(sc, &ok)),
            evidence,
        )
    } else if !unknown.is_empty() {
        Verdict::new(
            Status::Unknown,
            format!(
                "the CIDR of VPC {} is known only at deploy time",
                names(sc, &unknown)
            ),
            evidence,
        )
    } else {
        Verdict::new(
            Status::NotMet,
            format!("no VPC has {want} ({})", seen.join(", ")),
            evidence,
        )
    }
}

fn subnets(sc: &Scope, public: bool, want: &Count) -> Verdict {
    let all = sc.of(&["AWS::EC2::Subnet"]);
    if all.is_empty() {
        return Verdict::absent("no AWS::EC2::Subnet in the template");
    }
    let kind = if public { "public" } else { "private" };
    let mut matching = Vec::new();
    let mut evidence = Vec::new();
    for &i in &all {
        let exposure = sc.cx.g.subnet_exposure(sc.t(), sc.cx.e, i);
        let (is_public, why) = match &exposure {
            Exposure::Public { route_table } => (
                true,
                format!(
                    "public: route table {route_table} routes 0.0.0.0/0 to an internet gateway"
                ),
            ),
            Exposure::Private => (
                false,
                "private: no route to an internet gateway".to_string(),
            ),
        };
        if is_public == public {
            matching.push(i);
            evidence.push(sc.ev(i, None, true, format!("subnet {} is {why}", sc.id(i))));
        }
    }
    let n = matching.len() as u64;
    let listed = if matching.is_empty() {
        String::new()
    } else {
        format!(" ({})", names(sc, &matching))
    };
    let status = if want.holds(n) {
        Status::Met
    } else {
        Status::NotMet
    };
    Verdict::new(
        status,
        format!(
            "{n} {kind} subnet{}{listed}, {want} asked",
            if n == 1 { "" } else { "s" }
        ),
        evidence,
    )
}

/// `(type, path, what it defaults to when absent)` of the instance type of each kind of
/// compute resource.
const INSTANCE_TYPES: &[(&str, &str, Option<&str>)] = &[
    ("AWS::EC2::Instance", "InstanceType", Some("m1.small")),
    (
        "AWS::EC2::LaunchTemplate",
        "LaunchTemplateData/InstanceType",
        None,
    ),
    (
        "AWS::AutoScaling::LaunchConfiguration",
        "InstanceType",
        None,
    ),
];

fn instance_type(sc: &Scope, want: &[String]) -> Verdict {
    let wanted = want.join(" or ");
    let (mut ok, mut bad, mut unknown) = (0, 0, 0);
    let mut evidence = Vec::new();
    let mut bad_list = Vec::new();
    let mut ok_list = Vec::new();
    let mut any = false;
    for (typ, path, default) in INSTANCE_TYPES {
        for i in sc.of(&[typ]) {
            any = true;
            for f in sc.at(i, path) {
                let id = sc.id(i);
                match f.val.map(|v| (v, v.as_str())) {
                    Some((_, Some(t))) => {
                        let via = via_parameter(sc, i, f.span);
                        if want.iter().any(|w| w == t) {
                            ok += 1;
                            ok_list.push(format!("{id}: {t}"));
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                true,
                                format!("{id} uses {t}{via}"),
                            ));
                        } else {
                            bad += 1;
                            bad_list.push(format!("{id}: {t}"));
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                false,
                                format!("{id} uses {t}{via}, not {wanted}"),
                            ));
                        }
                    }
                    Some((v, None)) => {
                        unknown += 1;
                        evidence.push(sc.ev(
                            i,
                            Some(f.span),
                            false,
                            format!("{id}: instance type is {}", unknown_reason(v)),
                        ));
                    }
                    None => match default {
                        Some(d) if want.iter().any(|w| w == d) => {
                            ok += 1;
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                true,
                                format!("{id} sets no type: EC2 uses {d}"),
                            ));
                        }
                        Some(d) => {
                            bad += 1;
                            bad_list.push(format!("{id}: {d} (default)"));
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                false,
                                format!("{id} sets no InstanceType: EC2 uses {d}, not {wanted}"),
                            ));
                        }
                        None => {
                            unknown += 1;
                            evidence.push(sc.ev(
                                i,
                                Some(f.span),
                                false,
                                format!("{id} sets no instance type (the group using it chooses)"),
                            ));
                        }
                    },
                }
            }
        }
    }
    // Mixed-instances overrides of Auto Scaling groups name types too.
    for i in sc.of(&["AWS::AutoScaling::AutoScalingGroup"]) {
        for f in sc.at(
            i,
            "MixedInstancesPolicy/LaunchTemplate/Overrides/*/InstanceType",
        ) {
            let Some(v) = f.val else { continue };
            any = true;
            let id = sc.id(i);
            match v.as_str() {
                Some(t) if want.iter().any(|w| w == t) => {
                    ok += 1;
                    evidence.push(sc.ev(i, Some(f.span), true, format!("{id} override uses {t}")));
                }
                Some(t) => {
                    bad += 1;
                    bad_list.push(format!("{id}: {t}"));
                    evidence.push(sc.ev(
                        i,
                        Some(f.span),
                        false,
                        format!("{id} override uses {t}, not {wanted}"),
                    ));
                }
                None => {
                    unknown += 1;
                    evidence.push(sc.ev(
                        i,
                        Some(f.span),
                        false,
                        format!("{id}: override instance type is {}", unknown_reason(v)),
                    ));
                }
            }
        }
    }
    if !any {
        return Verdict::absent("no EC2 instances, launch templates or launch configurations");
    }
    let status = every_status(ok, bad, unknown);
    let summary = match status {
        Status::Met => format!("every instance type is {wanted} ({})", ok_list.join(", ")),
        Status::Unknown => "some instance types are known only at deploy time".into(),
        _ => format!("{} not {wanted}", bad_list.join(", ")),
    };
    Verdict::new(status, summary, evidence)
}

fn auto_scaling(sc: &Scope, counts: [Option<Count>; 3]) -> Verdict {
    let asgs = sc.of(&["AWS::AutoScaling::AutoScalingGroup"]);
    if asgs.is_empty() {
        return Verdict::absent("no Auto Scaling group");
    }
    const KEYS: [&str; 3] = ["MinSize", "MaxSize", "DesiredCapacity"];
    let (mut ok, mut bad, mut unknown) = (0, 0, 0);
    let mut evidence = Vec::new();
    let mut notes = Vec::new();
    for &i in &asgs {
        let id = sc.id(i);
        let mut parts = Vec::new();
        let mut state = Status::Met;
        let mut span = None;
        for (k, want) in KEYS.iter().zip(counts) {
            // DesiredCapacity defaults to MinSize.
            let mut found = sc.at(i, k);
            let mut defaulted = false;
            if *k == "DesiredCapacity" && found.iter().all(|f| f.val.is_none()) {
                found = sc.at(i, "MinSize");
                defaulted = true;
            }
            for f in found {
                let label = if defaulted {
                    "DesiredCapacity (= MinSize)"
                } else {
                    k
                };
                match f.val.map(|v| (v, v.as_i64())) {
                    Some((_, Some(n))) => {
                        let via = via_parameter(sc, i, f.span);
                        parts.push(format!("{label} {n}{via}"));
                        if let Some(c) = want {
                            span.get_or_insert(f.span);
                            if !(n >= 0 && c.holds(n as u64)) {
                                state = Status::NotMet;
                                notes.push(format!("{id} {label} {n}, {c} asked"));
                            }
                        }
                    }
                    Some((v, None)) if want.is_some() => {
                        if state == Status::Met {
                            state = Status::Unknown;
                        }
                        parts.push(format!("{label}: {}", unknown_reason(v)));
                    }
                    None if want.is_some() => {
                        state = Status::NotMet;
                        parts.push(format!("no {label}"));
                    }
                    _ => {}
                }
            }
        }
        match state {
            Status::Met => ok += 1,
            Status::NotMet => bad += 1,
            _ => unknown += 1,
        }
        evidence.push(sc.ev(
            i,
            span,
            state == Status::Met,
            format!("Auto Scaling group {id}: {}", parts.join(", ")),
        ));
    }
    let status = every_status(ok, bad, unknown);
    let wanted: Vec<String> = KEYS
        .iter()
        .zip(counts)
        .filter_map(|(k, c)| c.map(|c| format!("{k} {c}")))
        .collect();
    let summary = match status {
        Status::Met if wanted.is_empty() => format!("Auto Scaling group {}", names(sc, &asgs)),
        Status::Met => format!(
            "Auto Scaling group {}: {}",
            names(sc, &asgs),
            wanted.join(", ")
        ),
        Status::Unknown => "some group sizes are known only at deploy time".into(),
        _ => notes.join("; "),
    };
    Verdict::new(status, summary, evidence)
}

fn s3_versioning(sc: &Scope) -> Verdict {
    let buckets = sc.of(&["AWS::S3::Bucket"]);
    if buckets.is_empty() {
        return Verdict::absent("no S3 bucket");
    }
    let (mut ok, mut bad, mut unknown) = (vec![], vec![], 0);
    let mut evidence = Vec::new();
    for &i in &buckets {
        let id = sc.id(i);
        for f in sc.at(i, "VersioningConfiguration/Status") {
            let mut ev = match f.val.map(|v| (v, v.as_str())) {
                Some((_, Some("Enabled"))) => {
                    ok.push(i);
                    sc.ev(
                        i,
                        Some(f.span),
                        true,
                        format!(
                            "bucket {id}: versioning Enabled{}",
                            via_parameter(sc, i, f.span)
                        ),
                    )
                }
                Some((_, Some(s))) => {
                    bad.push(i);
                    sc.ev(
                        i,
                        Some(f.span),
                        false,
                        format!("bucket {id}: versioning {s}"),
                    )
                }
                Some((v, None)) => {
                    unknown += 1;
                    sc.ev(
                        i,
                        Some(f.span),
                        false,
                        format!("bucket {id}: versioning {}", unknown_reason(v)),
                    )
                }
                None => {
                    bad.push(i);
                    sc.ev(
                        i,
                        None,
                        false,
                        format!("bucket {id} does not enable versioning"),
                    )
                }
            };
            ev.related = Some(Related::Versioning);
            evidence.push(ev);
        }
    }
    let status = every_status(ok.len(), bad.len(), unknown);
    let summary = match status {
        Status::Met => format!("versioning enabled on {}", names(sc, &ok)),
        Status::Unknown => "versioning is known only at deploy time".into(),
        _ => format!("no versioning on {}", names(sc, &bad)),
    };
    Verdict::new(status, summary, evidence)
}

/// What a resource's tags say about one required tag.
enum TagState {
    Ok,
    Missing,
    Wrong(String),
    Unknown(String),
}

fn tag_state(tags: Option<&Val>, shape: TagShape, key: &str, want: Option<&str>) -> TagState {
    let Some(tags) = tags else {
        return TagState::Missing;
    };
    if tags.is_unknown() {
        return TagState::Unknown(unknown_reason(tags));
    }
    let value = match shape {
        TagShape::Map => match tags.get(key) {
            Some(v) => v,
            None => return TagState::Missing,
        },
        TagShape::List => {
            let mut unknown_key = None;
            let mut found = None;
            for item in tags.items() {
                match item.get("Key").map(|k| (k, k.as_str())) {
                    Some((_, Some(k))) if k == key => {
                        found = item.get("Value");
                        break;
                    }
                    Some((k, None)) => unknown_key = Some(unknown_reason(k)),
                    _ => {}
                }
            }
            match (found, unknown_key) {
                (Some(v), _) => v,
                (None, Some(r)) => return TagState::Unknown(format!("a tag key is {r}")),
                (None, None) => return TagState::Missing,
            }
        }
    };
    match (want, value.as_str()) {
        (None, _) => TagState::Ok,
        (Some(w), Some(v)) if v == w => TagState::Ok,
        (Some(_), Some(v)) => TagState::Wrong(v.to_string()),
        (Some(_), None) => TagState::Unknown(unknown_reason(value)),
    }
}

fn required_tags(sc: &Scope, tags: &[(String, Option<String>)]) -> Verdict {
    let wanted: Vec<String> = tags
        .iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{k}: {v}"),
            None => k.clone(),
        })
        .collect();
    let wanted = wanted.join(", ");
    let (mut ok, mut bad, mut unknown) = (0, vec![], 0);
    let mut evidence = Vec::new();
    let mut taggable = 0;
    for i in 0..sc.t().resources.len() {
        let Some((prop, shape)) = tag_property(&sc.t().resources[i].typ) else {
            continue;
        };
        if !sc.exists(i) {
            continue;
        }
        taggable += 1;
        let id = sc.id(i);
        for f in sc.at(i, prop) {
            let mut problems = Vec::new();
            let mut unknowns = Vec::new();
            for (k, v) in tags {
                match tag_state(f.val, shape, k, v.as_deref()) {
                    TagState::Ok => {}
                    TagState::Missing => problems.push(format!("no {k} tag")),
                    TagState::Wrong(got) => problems.push(format!("{k} is `{got}`")),
                    TagState::Unknown(r) => unknowns.push(format!("{k}: {r}")),
                }
            }
            let span = f.val.map(|_| f.span);
            let mut ev = if !problems.is_empty() {
                bad.push(id);
                sc.ev(
                    i,
                    span,
                    false,
                    format!(
                        "{id} ({}): {}",
                        sc.t().resources[i].typ,
                        problems.join(", ")
                    ),
                )
            } else if !unknowns.is_empty() {
                unknown += 1;
                sc.ev(i, span, false, format!("{id}: {}", unknowns.join(", ")))
            } else {
                ok += 1;
                sc.ev(i, span, true, format!("{id} carries {wanted}"))
            };
            ev.related = Some(Related::Tags);
            evidence.push(ev);
        }
    }
    if taggable == 0 {
        return Verdict::absent("no taggable resources");
    }
    let status = every_status(ok, bad.len(), unknown);
    let summary = match status {
        Status::Met => format!("all {taggable} taggable resources carry {wanted}"),
        Status::Unknown => format!(
            "{ok} of {taggable} taggable resources carry {wanted}; the others' tags are known only at deploy time"
        ),
        _ => format!(
            "{ok} of {taggable} taggable resources carry {wanted}; missing on {}",
            bad.join(", ")
        ),
    };
    Verdict::new(status, summary, evidence)
}

/// An access key id (`AKIA...`, `ASIA...`) or a secret-key assignment in a string.
fn credential_literal(s: &str) -> Option<&'static str> {
    let lower = s.to_ascii_lowercase();
    if lower.contains("aws_secret_access_key") || lower.contains("secretaccesskey=") {
        return Some("a secret access key");
    }
    let b = s.as_bytes();
    for w in b.windows(20) {
        if (w.starts_with(b"AKIA") || w.starts_with(b"ASIA"))
            && w[4..]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Some("an access key id");
        }
    }
    None
}

fn no_static_credentials(sc: &Scope) -> Verdict {
    let mut evidence = Vec::new();
    for i in sc.of(&["AWS::IAM::AccessKey"]) {
        evidence.push(sc.ev(
            i,
            None,
            false,
            format!("{} is an IAM access key: a long-lived secret", sc.id(i)),
        ));
    }
    for i in sc.of(&["AWS::IAM::User"]) {
        for f in sc.at(i, "LoginProfile") {
            if f.val.is_some() {
                evidence.push(sc.ev(
                    i,
                    Some(f.span),
                    false,
                    format!(
                        "IAM user {} has a console password (LoginProfile)",
                        sc.id(i)
                    ),
                ));
            }
        }
    }
    for i in 0..sc.t().resources.len() {
        if !sc.exists(i) {
            continue;
        }
        let props = &sc.cx.e.resources[i].props;
        if let Some(what) = credential_literal(&props.render_text()) {
            evidence.push(sc.ev(
                i,
                None,
                false,
                format!("{} holds {what} in its properties", sc.id(i)),
            ));
        }
    }
    for p in &sc.t().parameters {
        if let Some(what) = p
            .default
            .as_ref()
            .and_then(|d| d.as_str())
            .and_then(|d| credential_literal(&d))
        {
            evidence.push(sc.ev_at(
                None,
                p.span,
                false,
                format!("parameter {} defaults to {what}", p.name),
            ));
        }
    }
    for e in &mut evidence {
        e.related = Some(Related::Credentials);
    }
    if !evidence.is_empty() {
        return Verdict::new(
            Status::NotMet,
            format!(
                "{} static credential{} in the template",
                evidence.len(),
                if evidence.len() == 1 { "" } else { "s" }
            ),
            evidence,
        );
    }
    let roles = sc.of(&["AWS::IAM::Role"]);
    evidence.extend(roles.iter().map(|&i| {
        sc.ev(
            i,
            None,
            true,
            format!("IAM role {} (temporary credentials)", sc.id(i)),
        )
    }));
    Verdict::new(
        Status::Met,
        "no IAM access keys, console passwords or access-key literals",
        evidence,
    )
}

fn instances_use_roles(sc: &Scope) -> Verdict {
    const PROFILE: &[(&str, &str)] = &[
        ("AWS::EC2::Instance", "IamInstanceProfile"),
        (
            "AWS::EC2::LaunchTemplate",
            "LaunchTemplateData/IamInstanceProfile",
        ),
        (
            "AWS::AutoScaling::LaunchConfiguration",
            "IamInstanceProfile",
        ),
    ];
    let (mut ok, mut bad, mut unknown) = (vec![], vec![], 0);
    let mut evidence = Vec::new();
    let mut any = false;
    for (typ, path) in PROFILE {
        for i in sc.of(&[typ]) {
            any = true;
            let id = sc.id(i);
            for f in sc.at(i, path) {
                let mut ev = match f.val {
                    None => {
                        bad.push(id);
                        sc.ev(
                            i,
                            Some(f.span),
                            false,
                            format!("{id} has no instance profile: its instances get no IAM role"),
                        )
                    }
                    Some(v) => {
                        // Launch templates name the profile by Arn or Name.
                        let v = if v.is_map() {
                            v.get("Arn").or_else(|| v.get("Name")).unwrap_or(v)
                        } else {
                            v
                        };
                        let profiles: Vec<usize> = v
                            .refs()
                            .iter()
                            .filter_map(|r| sc.cx.g.index_of(r))
                            .filter(|&p| sc.t().resources[p].typ == "AWS::IAM::InstanceProfile")
                            .collect();
                        match (profiles.first(), v.as_str()) {
                            (Some(&p), _) => {
                                let roles: Vec<String> = sc
                                    .at(p, "Roles/*")
                                    .into_iter()
                                    .filter_map(|r| r.val)
                                    .map(|r| {
                                        r.refs().first().map_or_else(
                                            || r.render_text().into_owned(),
                                            |s| s.to_string(),
                                        )
                                    })
                                    .collect();
                                if roles.is_empty() {
                                    bad.push(id);
                                    sc.ev(
                                        i,
                                        Some(f.span),
                                        false,
                                        format!("{id}: instance profile {} has no role", sc.id(p)),
                                    )
                                } else {
                                    ok.push(id);
                                    sc.ev(
                                        i,
                                        Some(f.span),
                                        true,
                                        format!(
                                            "{id}: instance profile {} with role {}",
                                            sc.id(p),
                                            roles.join(", ")
                                        ),
                                    )
                                }
                            }
                            (None, Some(name)) => {
                                ok.push(id);
                                sc.ev(i, Some(f.span), true, format!("{id}: instance profile `{name}` (defined outside the template)"))
                            }
                            (None, None) => {
                                unknown += 1;
                                sc.ev(
                                    i,
                                    Some(f.span),
                                    false,
                                    format!("{id}: instance profile is {}", unknown_reason(v)),
                                )
                            }
                        }
                    }
                };
                ev.related = Some(Related::Roles);
                evidence.push(ev);
            }
        }
    }
    if !any {
        return Verdict::absent("no EC2 instances, launch templates or launch configurations");
    }
    let status = every_status(ok.len(), bad.len(), unknown);
    let summary = match status {
        Status::Met => format!("instances of {} run with an IAM role", ok.join(", ")),
        Status::Unknown => "some instance profiles are known only at deploy time".into(),
        _ => format!("no IAM role on {}", bad.join(", ")),
    };
    Verdict::new(status, summary, evidence)
}

// --- Region literals ---------------------------------------------------------------------

use crate::eval::region::find_regions;
pub use crate::eval::region::is_region_name;

/// Every region literal of the template: in resource properties (with the scenario of the
/// `Fn::If` branch they sit in), parameter defaults and outputs. Text built from
/// `${AWS::Region}` is not a literal: it follows the stack wherever it deploys.
pub(super) fn region_literals(t: &Template, e: &Evaluated) -> Vec<RegionLiteral> {
    fn walk(n: &Node, when: &When, resource: Option<usize>, out: &mut Vec<RegionLiteral>) {
        if let Some(("Fn::If", arg)) = n.intrinsic()
            && let [c, a, b] = arg.items()
            && let Some(c) = c.as_name()
        {
            for (branch, v) in [(a, true), (b, false)] {
                if let Some(w) = when.and(&When::one(c, v)) {
                    walk(branch, &w, resource, out);
                }
            }
            return;
        }
        match &n.kind {
            NodeKind::Map(es) => es.iter().for_each(|e| walk(&e.value, when, resource, out)),
            NodeKind::Seq(items) => items.iter().for_each(|i| walk(i, when, resource, out)),
            NodeKind::Scalar(_) => {
                let Some(s) = n.as_str() else { return };
                for (region, kind) in find_regions(&s) {
                    out.push(RegionLiteral {
                        region,
                        kind,
                        text: s.chars().take(80).collect(),
                        span: n.span,
                        when: when.clone(),
                        resource,
                    });
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, r) in t.resources.iter().enumerate() {
        if let Some(p) = r.properties() {
            walk(p, &e.resources[i].when, Some(i), &mut out);
        }
    }
    for p in &t.parameters {
        if e.env.overrides.contains_key(&p.name) {
            continue;
        }
        if let Some(d) = &p.default {
            walk(d, &When::ALWAYS, None, &mut out);
        }
    }
    if let Some(outputs) = t.section("Outputs") {
        for o in outputs.entries() {
            if let Some(v) = o.value.get("Value") {
                walk(v, &When::ALWAYS, None, &mut out);
            }
        }
    }
    out
}

/// A property path as people write it (`Tags[*].Key`, `VersioningConfiguration.Status`) in
/// the evaluator's form (`Tags/*/Key`). Paths with `/` are taken as they are.
pub fn normalize_path(p: &str) -> Option<String> {
    let p = p.trim();
    if p.is_empty() {
        return None;
    }
    if p.contains('/') {
        return (!p.split('/').any(str::is_empty)).then(|| p.to_string());
    }
    let mut segs = Vec::new();
    for part in p.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            segs.push(name.to_string());
        } else if rest.is_empty() {
            return None;
        }
        while let Some(r) = rest.strip_prefix('[') {
            let (idx, tail) = r.split_once(']')?;
            if idx != "*" && idx.parse::<usize>().is_err() {
                return None;
            }
            segs.push(idx.to_string());
            rest = tail;
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(segs.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_literals_in_strings() {
        assert!(is_region_name("us-west-2"));
        assert!(is_region_name("us-gov-east-1"));
        assert!(!is_region_name("us-west-2a"));
        assert!(!is_region_name("west-2"));
        assert_eq!(
            find_regions("us-west-2a"),
            vec![("us-west-2".into(), "availability zone")]
        );
        assert_eq!(
            find_regions("arn:aws:logs:eu-central-1:123:*"),
            vec![("eu-central-1".into(), "ARN")]
        );
        assert_eq!(
            find_regions("com.amazonaws.ap-southeast-2.s3"),
            vec![("ap-southeast-2".into(), "endpoint")]
        );
        assert_eq!(
            find_regions("us-east-1"),
            vec![("us-east-1".into(), "region name")]
        );
        assert!(find_regions("com.amazonaws.${AWS::Region}.s3").is_empty());
        assert!(find_regions("bus-west-2").is_empty());
    }

    #[test]
    fn paths_for_people() {
        assert_eq!(normalize_path("Tags[*].Key").as_deref(), Some("Tags/*/Key"));
        assert_eq!(
            normalize_path("VersioningConfiguration.Status").as_deref(),
            Some("VersioningConfiguration/Status")
        );
        assert_eq!(normalize_path("A/0/B").as_deref(), Some("A/0/B"));
        assert_eq!(normalize_path("A[x]"), None);
        assert_eq!(normalize_path("A..B"), None);
        assert_eq!(normalize_path(""), None);
    }

    #[test]
    fn credential_literals() {
        assert!(credential_literal("key AKIAIOSFODNN7EXAMPLE here").is_some());
        assert!(credential_literal("export AWS_SECRET_ACCESS_KEY=x").is_some());
        assert!(credential_literal("AKIA-not").is_none());
    }
}
