//! The generic form: resources of a type, filtered by property tests, then counted
//! (`exactly`, `at_least`, `at_most`) or all required to satisfy further tests (`every`).
//!
//! A path that crosses a list (`Statement[*].Principal.Service`) holds when some element
//! satisfies the test (`not_equals`: when none equals the value). A value known only at
//! deploy time makes the test unknown, never true or false.

use super::shorthands::{unknown_reason, via_parameter};
use super::{Count, Filter, Generic, Quantifier, Scope, Status, Test, Verdict, every_status};
use crate::eval::Val;
use crate::rules::support::glob;

#[derive(Debug, Clone, PartialEq)]
enum Tri {
    True,
    False,
    Unknown(String),
}

fn test_leaf(test: &Test, v: &str) -> bool {
    match test {
        Test::Equals(w) => v == w,
        Test::NotEquals(w) => v != w,
        Test::OneOf(ws) => ws.iter().any(|w| w == v),
        Test::Matches(p) => glob(p, v),
        Test::Range(lo, hi) => v
            .trim()
            .parse::<f64>()
            .is_ok_and(|n| lo.is_none_or(|lo| n >= lo) && hi.is_none_or(|hi| n <= hi)),
        Test::Exists(_) => true,
    }
}

/// Judge one filter on resource `i`; also say what was seen.
fn judge(sc: &Scope, i: usize, f: &Filter) -> (Tri, String) {
    let outcomes = sc.at(i, &f.path);
    if let Test::Exists(want) = f.test {
        let present = outcomes.iter().any(|o| o.val.is_some());
        let seen = if present { "is set" } else { "is not set" };
        return (
            if present == want {
                Tri::True
            } else {
                Tri::False
            },
            format!("{} {seen}", f.display),
        );
    }
    let mut leaves: Vec<Option<&Val>> = Vec::new();
    for o in &outcomes {
        match o.val {
            Some(v) if v.is_list() => leaves.extend(v.items().iter().map(Some)),
            other => leaves.push(other),
        }
    }
    let mut seen = Vec::new();
    let mut results = Vec::new();
    for leaf in leaves {
        match leaf {
            None => {
                seen.push("not set".to_string());
                results.push(if matches!(f.test, Test::NotEquals(_)) {
                    Tri::True
                } else {
                    Tri::False
                });
            }
            Some(v) => match v.as_str() {
                Some(s) => {
                    seen.push(format!("`{s}`{}", via_parameter(sc, i, v.span)));
                    results.push(if test_leaf(&f.test, s) {
                        Tri::True
                    } else {
                        Tri::False
                    });
                }
                None => {
                    let r = unknown_reason(v);
                    seen.push(r.clone());
                    results.push(Tri::Unknown(r));
                }
            },
        }
    }
    seen.dedup();
    let unknown = results.iter().find_map(|r| match r {
        Tri::Unknown(s) => Some(s.clone()),
        _ => None,
    });
    let tri = if matches!(f.test, Test::NotEquals(_)) {
        if results.contains(&Tri::False) {
            Tri::False
        } else if let Some(u) = unknown {
            Tri::Unknown(u)
        } else {
            Tri::True
        }
    } else if results.contains(&Tri::True) {
        Tri::True
    } else if let Some(u) = unknown {
        Tri::Unknown(u)
    } else {
        Tri::False
    };
    (tri, format!("{} is {}", f.display, seen.join(", ")))
}

/// All filters at once.
fn judge_all(sc: &Scope, i: usize, filters: &[Filter]) -> (Tri, Vec<String>) {
    let mut tri = Tri::True;
    let mut seen = Vec::new();
    for f in filters {
        let (t, s) = judge(sc, i, f);
        seen.push(s);
        match (&tri, t) {
            (_, Tri::False) => tri = Tri::False,
            (Tri::True, Tri::Unknown(r)) => tri = Tri::Unknown(r),
            _ => {}
        }
    }
    (tri, seen)
}

fn describe_tests(filters: &[Filter]) -> String {
    filters
        .iter()
        .map(|f| {
            let test = match &f.test {
                Test::Equals(v) => format!("= {v}"),
                Test::NotEquals(v) => format!("≠ {v}"),
                Test::OneOf(vs) => format!("in [{}]", vs.join(", ")),
                Test::Matches(p) => format!("matches {p}"),
                Test::Range(Some(a), Some(b)) => format!("between {a} and {b}"),
                Test::Range(Some(a), None) => format!("≥ {a}"),
                Test::Range(None, Some(b)) => format!("≤ {b}"),
                Test::Range(None, None) => "any number".into(),
                Test::Exists(true) => "is set".into(),
                Test::Exists(false) => "is not set".into(),
            };
            format!("{} {test}", f.display)
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

pub(super) fn check(sc: &Scope, g: &Generic) -> Verdict {
    let resources = sc.of(&[g.typ.as_str()]);
    let typ = &g.typ;
    let with = if g.filters.is_empty() {
        String::new()
    } else {
        format!(" with {}", describe_tests(&g.filters))
    };
    let mut matching = Vec::new();
    let mut undecided = Vec::new();
    let mut others = Vec::new();
    for &i in &resources {
        let (tri, seen) = judge_all(sc, i, &g.filters);
        match tri {
            Tri::True => matching.push((i, seen)),
            Tri::False => others.push((i, seen)),
            Tri::Unknown(r) => undecided.push((i, r)),
        }
    }
    match &g.quantifier {
        Quantifier::Count(count) => count_verdict(
            sc, typ, &with, count, &resources, matching, undecided, others,
        ),
        Quantifier::Every(tests) => {
            let mut evidence = Vec::new();
            for (i, r) in &undecided {
                evidence.push(sc.ev(*i, None, false, format!("{}: {r}", sc.id(*i))));
            }
            let (mut ok, mut bad, mut unknown) = (0, 0, undecided.len());
            let mut bad_ids = Vec::new();
            for (i, _) in &matching {
                let (tri, seen) = judge_all(sc, *i, tests);
                let msg = format!("{}: {}", sc.id(*i), seen.join("; "));
                match tri {
                    Tri::True => {
                        ok += 1;
                        evidence.push(sc.ev(*i, None, true, msg));
                    }
                    Tri::False => {
                        bad += 1;
                        bad_ids.push(sc.id(*i));
                        evidence.push(sc.ev(*i, None, false, msg));
                    }
                    Tri::Unknown(r) => {
                        unknown += 1;
                        evidence.push(sc.ev(*i, None, false, format!("{}: {r}", sc.id(*i))));
                    }
                }
            }
            let what = describe_tests(tests);
            let total = matching.len() + undecided.len();
            if total == 0 {
                let mut v = Verdict::new(
                    Status::Met,
                    format!("no {typ}{with}: nothing to check"),
                    vec![],
                );
                v.applies = false;
                return v;
            }
            let status = every_status(ok, bad, unknown);
            let summary = match status {
                Status::Met => format!("all {total} {typ}{with} have {what}"),
                Status::Unknown => format!(
                    "{ok} of {total} {typ}{with} have {what}; the rest is known only at deploy time"
                ),
                _ => format!(
                    "{ok} of {total} {typ}{with} have {what}; not {}",
                    bad_ids.join(", ")
                ),
            };
            Verdict::new(status, summary, evidence)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn count_verdict(
    sc: &Scope,
    typ: &str,
    with: &str,
    count: &Count,
    resources: &[usize],
    matching: Vec<(usize, Vec<String>)>,
    undecided: Vec<(usize, String)>,
    others: Vec<(usize, Vec<String>)>,
) -> Verdict {
    let n = matching.len() as u64;
    let u = undecided.len() as u64;
    let possible = (n..=n + u).filter(|k| count.holds(*k)).count() as u64;
    let status = if possible == u + 1 {
        Status::Met
    } else if possible > 0 {
        Status::Unknown
    } else {
        Status::NotMet
    };
    let too_many = count.max.is_some_and(|m| n > m);
    let mut evidence = Vec::new();
    for (i, seen) in &matching {
        let msg = if seen.is_empty() {
            format!("{typ} {}", sc.id(*i))
        } else {
            format!("{}: {}", sc.id(*i), seen.join("; "))
        };
        evidence.push(sc.ev(*i, None, !too_many, msg));
    }
    for (i, r) in &undecided {
        evidence.push(sc.ev(*i, None, false, format!("{}: {r}", sc.id(*i))));
    }
    if status != Status::Met && !too_many {
        for (i, seen) in &others {
            evidence.push(sc.ev(
                *i,
                None,
                false,
                format!("{}: {}", sc.id(*i), seen.join("; ")),
            ));
        }
    }
    let ids: Vec<&str> = matching.iter().map(|(i, _)| sc.id(*i)).collect();
    let listed = if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    };
    let mut summary = format!("{n} {typ}{with}{listed}, {count} asked");
    if u > 0 {
        summary.push_str(&format!("; {u} more known only at deploy time"));
    }
    let mut v = Verdict::new(status, summary, evidence);
    v.applies = !resources.is_empty() || count.min.is_some_and(|m| m > 0);
    v
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs() {
        assert!(glob("t3.*", "t3.medium"));
        assert!(!glob("t3.*", "m5.large"));
        assert!(glob("*-prod", "web-prod"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("*", ""));
    }
}
