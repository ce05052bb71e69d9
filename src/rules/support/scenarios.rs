//! Scenario arithmetic for "is there one?" questions: where does something hold, and
//! where does it not.

use crate::eval::{Env, When};

/// The scenarios within `base` where none of `covers` holds, as disjoint conjunctions
/// (impossible ones dropped). Empty when `covers` hold everywhere `base` does.
///
/// Used by presence checks: "a trail exists" holds in the union of the trails' scenarios;
/// a finding belongs to what is left (`not TrailOn` when the only trail is conditional).
pub fn uncovered(env: &Env, base: &When, covers: &[When]) -> Vec<When> {
    let mut rest: Vec<When> = env.and(base, &When::ALWAYS).into_iter().collect();
    for c in covers {
        let mut next = Vec::new();
        for s in rest {
            if env.and(&s, c).is_none() {
                next.push(s);
                continue;
            }
            // s and not(l1 and l2 ...) = (s and not l1) or (s and l1 and not l2) or ...
            let mut prefix = s;
            for (name, value) in c.literals() {
                if let Some(w) = env.and(&prefix, &When::one(name, !value)) {
                    next.push(w);
                }
                match env.and(&prefix, &When::one(name, *value)) {
                    Some(p) => prefix = p,
                    None => break,
                }
            }
        }
        rest = next;
    }
    rest.sort();
    rest.dedup();
    rest
}

/// True when `covers` hold in the default deployment of `base` (whatever is left
/// uncovered only happens if a parameter is changed): the check counts as a strength,
/// with the off-default gaps reported as informational findings.
pub fn covered_by_default(env: &Env, base: &When, covers: &[When]) -> bool {
    !covers.is_empty()
        && uncovered(env, base, covers)
            .iter()
            .all(|w| !env.holds_by_default(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_subtracts_conjunctions() {
        let env = Env::default();
        assert!(uncovered(&env, &When::ALWAYS, &[When::ALWAYS]).is_empty());
        assert_eq!(uncovered(&env, &When::ALWAYS, &[]), vec![When::ALWAYS]);
        assert_eq!(
            uncovered(&env, &When::ALWAYS, &[When::one("A", true)]),
            vec![When::one("A", false)]
        );
        let ab = When::one("A", true).and(&When::one("B", true)).unwrap();
        let left = uncovered(&env, &When::ALWAYS, &[ab]);
        assert_eq!(left.len(), 2);
        assert!(uncovered(&env, &When::one("A", true), &[When::one("A", true)]).is_empty());
        assert_eq!(
            uncovered(&env, &When::one("A", false), &[When::one("A", true)]),
            vec![When::one("A", false)]
        );
    }
}
