//! Security-group ingress rules, read the way EC2 reads them.
//!
//! Sources: inline `SecurityGroupIngress` entries of `AWS::EC2::SecurityGroup`, and standalone
//! `AWS::EC2::SecurityGroupIngress` resources, whose owning group is resolved through
//! `GroupId` (or `GroupName`) `Ref`/`GetAtt`. Each entry is normalised to a protocol, an
//! inclusive port range and one source (IPv4/IPv6 CIDR, the VPC's own CIDR, a security
//! group or a prefix list). Every `Fn::If` alternative of an entry is its own [`Ingress`].
//!
//! Normalisation follows EC2: ports given as strings are numbers; `IpProtocol` `-1`, `"-1"`
//! or `all` means every protocol and port whatever `FromPort`/`ToPort` say; another protocol
//! number (ESP, GRE...) ignores the ports too but opens no TCP/UDP port. An entry whose protocol, ports or source
//! is not known statically is counted in [`Parsed::unknown`] and never judged.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::eval::{Found, Val, ValKind, When};
use crate::rules::{At, Ctx, Res};

pub const SECURITY_GROUP: &str = "AWS::EC2::SecurityGroup";
pub const STANDALONE: &str = "AWS::EC2::SecurityGroupIngress";

/// Remote-administration ports: (port, name, whether UDP counts too).
pub const ADMIN_PORTS: &[(i64, &str, bool)] = &[(22, "SSH", false), (3389, "RDP", true)];

/// Load balancer types whose `SecurityGroups` mark a group as a load balancer group.
const LOAD_BALANCERS: &[&str] = &[
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancing::LoadBalancer",
];

/// Most `Fn::If` combinations followed inside one entry.
const MAX_COMBOS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proto {
    /// `-1` / `all`: every protocol and port.
    All(String),
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Another protocol number (50 = ESP, 47 = GRE...): EC2 ignores the ports, but it carries
    /// no TCP/UDP service.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Cidr(IpNet),
    /// `!GetAtt Vpc.CidrBlock`: the VPC's own range (never "anywhere").
    VpcCidr(String),
    SecurityGroup(String),
    PrefixList(String),
}

impl Source {
    /// `0.0.0.0/0` or `::/0` (any prefix length 0).
    pub fn is_anywhere(&self) -> bool {
        matches!(self, Source::Cidr(n) if n.prefix_len() == 0)
    }

    /// A CIDR range (not a security group or prefix list).
    pub fn is_cidr(&self) -> bool {
        matches!(self, Source::Cidr(_) | Source::VpcCidr(_))
    }

    pub fn describe(&self) -> String {
        match self {
            Source::Cidr(n) => n.to_string(),
            Source::VpcCidr(vpc) => format!("the CIDR block of VPC {vpc}"),
            Source::SecurityGroup(g) => format!("security group {g}"),
            Source::PrefixList(p) => format!("prefix list {p}"),
        }
    }
}

/// One ingress permission in one scenario.
#[derive(Debug, Clone)]
pub struct Ingress {
    /// The owning `AWS::EC2::SecurityGroup` in this template, if resolved.
    pub group: Option<usize>,
    /// The group's logical id, or the literal/parameter id it names.
    pub group_name: String,
    /// The resource that holds the entry (the group itself, or a standalone ingress).
    pub holder: usize,
    pub holder_name: String,
    pub inline: bool,
    pub proto: Proto,
    pub from: i64,
    pub to: i64,
    pub source: Source,
    /// Where a finding about this entry points; attributed to the owning group when known.
    pub at: At,
}

impl Ingress {
    /// Holds in the default deployment (passes are judged on that one).
    pub fn by_default(&self, cx: &Ctx) -> bool {
        cx.eval.env.holds_by_default(&self.at.when)
    }

    /// Every port of every protocol, or every TCP/UDP port.
    pub fn all_ports(&self) -> bool {
        match self.proto {
            Proto::All(_) => true,
            Proto::Tcp | Proto::Udp => self.from <= 0 && self.to >= 65535,
            Proto::Icmp | Proto::Icmpv6 | Proto::Other(_) => false,
        }
    }

    /// Whether the entry admits `port` over TCP (and UDP when `udp` is set).
    pub fn covers(&self, port: i64, udp: bool) -> bool {
        match self.proto {
            Proto::All(_) => true,
            Proto::Tcp => self.from <= port && port <= self.to,
            Proto::Udp => udp && self.from <= port && port <= self.to,
            Proto::Icmp | Proto::Icmpv6 | Proto::Other(_) => false,
        }
    }

    /// TCP/UDP on ports 80 and/or 443 only.
    pub fn web_only(&self) -> bool {
        matches!(self.proto, Proto::Tcp | Proto::Udp)
            && ((self.from == 80 && self.to == 80) || (self.from == 443 && self.to == 443))
    }

    pub fn is_icmp(&self) -> bool {
        matches!(self.proto, Proto::Icmp | Proto::Icmpv6)
    }

    /// "tcp 22", "tcp 3380-3390", "all traffic (IpProtocol -1)".
    pub fn ports_text(&self) -> String {
        let proto = match &self.proto {
            Proto::All(p) => return format!("all traffic (IpProtocol {p})"),
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => return "icmp".into(),
            Proto::Icmpv6 => return "icmpv6".into(),
            Proto::Other(p) => return format!("IP protocol {p}"),
        };
        if self.from == self.to {
            format!("{proto} {}", self.from)
        } else {
            format!("{proto} {}-{}", self.from, self.to)
        }
    }

    /// "security group AppGroup" or "security group AppGroup (ingress AppGroupRdp)".
    pub fn subject(&self) -> String {
        if self.inline || self.group_name == self.holder_name {
            format!("security group {}", self.group_name)
        } else {
            format!(
                "security group {} (ingress {})",
                self.group_name, self.holder_name
            )
        }
    }
}

/// "SSH (22) and RDP (3389)" for the admin ports an entry covers; `None` if none.
pub fn admin_ports(rule: &Ingress) -> Option<String> {
    let names: Vec<String> = ADMIN_PORTS
        .iter()
        .filter(|(p, _, udp)| rule.covers(*p, *udp))
        .map(|(p, n, _)| format!("{n} ({p})"))
        .collect();
    (!names.is_empty()).then(|| names.join(" and "))
}

/// A group that a load balancer in this template uses.
pub fn is_load_balancer_group(cx: &Ctx, group: usize) -> bool {
    LOAD_BALANCERS.iter().any(|lb| {
        !cx.graph
            .referrers(cx.template, group, lb, "SecurityGroups")
            .is_empty()
    })
}

/// The ingress of a group, or of a standalone resource.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rules: Vec<Ingress>,
    /// Entries (or scenarios of entries) whose protocol, ports or source are not known.
    pub unknown: usize,
}

/// What a security-group check should look at when dispatched on `res`:
/// - a group: its inline entries and the standalone ingress resources that name it;
/// - a standalone ingress: only its permissions whose group is not a group of this template
///   (those are checked with their group, so each finding is reported once).
pub fn for_check(cx: &Ctx, res: &Res) -> std::rc::Rc<Parsed> {
    if let Some(p) = cx.memo.ingress.borrow().get(&res.index) {
        return p.clone();
    }
    let parsed = std::rc::Rc::new(parse_for_check(cx, res));
    cx.memo
        .ingress
        .borrow_mut()
        .insert(res.index, parsed.clone());
    parsed
}

fn parse_for_check(cx: &Ctx, res: &Res) -> Parsed {
    match res.resource.typ.as_str() {
        SECURITY_GROUP => of_group(cx, res),
        STANDALONE => {
            let mut p = Parsed::default();
            parse_holder(cx, res, false, &mut p);
            p.rules.retain(|r| r.group.is_none());
            p
        }
        _ => Parsed::default(),
    }
}

/// Inline entries of a group plus standalone ingress resources attributed to it.
pub fn of_group(cx: &Ctx, group: &Res) -> Parsed {
    let mut p = Parsed::default();
    parse_holder(cx, group, true, &mut p);
    let mut holders = cx
        .graph
        .referrers(cx.template, group.index, STANDALONE, "GroupId");
    holders.extend(
        cx.graph
            .referrers(cx.template, group.index, STANDALONE, "GroupName"),
    );
    holders.sort_unstable();
    holders.dedup();
    for h in holders {
        let mut q = Parsed::default();
        parse_holder(cx, &cx.res(h), false, &mut q);
        p.unknown += q.unknown;
        p.rules
            .extend(q.rules.into_iter().filter(|r| r.group == Some(group.index)));
    }
    p
}

fn parse_holder(cx: &Ctx, res: &Res, inline: bool, out: &mut Parsed) {
    if inline {
        for entry in res.at(cx, "SecurityGroupIngress/*") {
            if let Some(v) = entry.val {
                parse_entry(cx, res, v, &entry, true, out);
            }
        }
    } else {
        for props in res.at(cx, "") {
            if let Some(v) = props.val {
                parse_entry(cx, res, v, &props, false, out);
            }
        }
    }
}

const FIELDS: [&str; 10] = [
    "IpProtocol",
    "FromPort",
    "ToPort",
    "CidrIp",
    "CidrIpv6",
    "SourceSecurityGroupId",
    "SourceSecurityGroupName",
    "SourcePrefixListId",
    "GroupId",
    "GroupName",
];

fn parse_entry(cx: &Ctx, res: &Res, entry: &Val, found: &Found, inline: bool, out: &mut Parsed) {
    // Every combination of the fields' alternatives that can happen.
    let mut combos: Vec<(When, Vec<Found>)> = vec![(found.when.clone(), Vec::new())];
    for field in FIELDS {
        let outcomes = entry.at(field);
        let mut next = Vec::new();
        for (when, picked) in &combos {
            for f in &outcomes {
                if let Some(both) = cx.eval.env.and(when, &f.when) {
                    let mut p = picked.clone();
                    p.push(f.clone());
                    next.push((both, p));
                }
            }
        }
        if next.len() > MAX_COMBOS {
            out.unknown += 1;
            return;
        }
        combos = next;
    }
    for (when, fields) in combos {
        match build(cx, res, inline, found, &when, &fields) {
            Some(rule) => out.rules.push(rule),
            None => out.unknown += 1,
        }
    }
}

fn build(
    cx: &Ctx,
    res: &Res,
    inline: bool,
    entry: &Found,
    when: &When,
    fields: &[Found],
) -> Option<Ingress> {
    let get = |name: &str| {
        FIELDS
            .iter()
            .position(|f| *f == name)
            .and_then(|i| fields.get(i))
    };
    let val = |name: &str| get(name).and_then(|f| f.val);
    let proto = protocol(val("IpProtocol")?.as_str()?);
    let (from, to) = match proto {
        Proto::All(_) | Proto::Other(_) => (0, 65535),
        Proto::Tcp | Proto::Udp => {
            let from = val("FromPort")?.as_i64()?;
            let to = val("ToPort")?.as_i64()?;
            // `-1` on tcp/udp is read by EC2 as the full range.
            if from == -1 && to == -1 {
                (0, 65535)
            } else {
                (from, to)
            }
        }
        Proto::Icmp | Proto::Icmpv6 => (
            val("FromPort").and_then(Val::as_i64).unwrap_or(-1),
            val("ToPort").and_then(Val::as_i64).unwrap_or(-1),
        ),
    };
    let (source, source_key) = source(cx, &val)?;
    let (group, group_name) = if inline {
        (Some(res.index), res.id().to_string())
    } else {
        owner(cx, val("GroupId").or(val("GroupName")))?
    };
    // Inline: the list entry (the rule). Standalone: the source value in the resource.
    let (span, pointer) = match get(source_key) {
        Some(t) if !inline => (t.span, format!("{}{}", entry.pointer, t.pointer)),
        _ => (entry.span, entry.pointer.clone()),
    };
    let at = At {
        resource: Some(group.unwrap_or(res.index)),
        span,
        pointer,
        when: when.clone(),
    };
    Some(Ingress {
        group,
        group_name,
        holder: res.index,
        holder_name: res.id().to_string(),
        inline,
        proto,
        from,
        to,
        source,
        at,
    })
}

pub fn protocol(p: &str) -> Proto {
    match p.trim().to_ascii_lowercase().as_str() {
        "tcp" | "6" => Proto::Tcp,
        "udp" | "17" => Proto::Udp,
        "icmp" | "1" => Proto::Icmp,
        "icmpv6" | "58" => Proto::Icmpv6,
        "-1" | "all" => Proto::All(p.trim().to_string()),
        _ => Proto::Other(p.trim().to_string()),
    }
}

fn source<'v>(cx: &Ctx, val: &dyn Fn(&str) -> Option<&'v Val>) -> Option<(Source, &'static str)> {
    for key in ["CidrIp", "CidrIpv6"] {
        if let Some(v) = val(key) {
            if let Some(s) = v.as_str() {
                return parse_cidr(s).map(|n| (Source::Cidr(n), key));
            }
            if let ValKind::Ref {
                target,
                attr: Some(attr),
            } = &v.kind
            {
                let is_vpc = cx
                    .template
                    .resource(target)
                    .is_some_and(|r| r.typ == "AWS::EC2::VPC");
                if is_vpc && attr == "CidrBlock" {
                    return Some((Source::VpcCidr(target.clone()), key));
                }
            }
            return None;
        }
    }
    for key in ["SourceSecurityGroupId", "SourceSecurityGroupName"] {
        if let Some(v) = val(key) {
            return Some((Source::SecurityGroup(name_of(v)), key));
        }
    }
    val("SourcePrefixListId").map(|v| (Source::PrefixList(name_of(v)), "SourcePrefixListId"))
}

/// A CIDR as EC2 accepts it (a bare address is a /32 or /128).
pub fn parse_cidr(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

fn name_of(v: &Val) -> String {
    match &v.kind {
        ValKind::Ref { target, .. } => target.clone(),
        _ => v
            .text()
            .map_or_else(|| "(not known statically)".to_string(), str::to_string),
    }
}

/// The owning group of a standalone ingress: a group of this template through Ref/GetAtt,
/// or the literal id it names. `None` when not known statically.
fn owner(cx: &Ctx, v: Option<&Val>) -> Option<(Option<usize>, String)> {
    let v = v?;
    if let ValKind::Ref { target, .. } = &v.kind {
        let idx = cx
            .graph
            .index_of(target)
            .filter(|&i| cx.template.resources[i].typ == SECURITY_GROUP);
        return Some((idx, target.clone()));
    }
    v.as_str().map(|s| (None, s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_and_cidrs_normalise() {
        assert_eq!(protocol("-1"), Proto::All("-1".into()));
        assert_eq!(protocol("ALL"), Proto::All("ALL".into()));
        assert_eq!(protocol("TCP"), Proto::Tcp);
        assert_eq!(protocol("6"), Proto::Tcp);
        assert_eq!(protocol("50"), Proto::Other("50".into()));
        assert!(Source::Cidr(parse_cidr("::/0").unwrap()).is_anywhere());
        assert!(Source::Cidr(parse_cidr("0.0.0.0/0").unwrap()).is_anywhere());
        assert!(!Source::Cidr(parse_cidr("10.0.0.0/16").unwrap()).is_anywhere());
        assert_eq!(parse_cidr("10.1.2.3").map(|n| n.prefix_len()), Some(32));
        assert!(parse_cidr("not-a-cidr").is_none());
    }
}
