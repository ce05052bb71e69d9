//! Conditions under which a value holds: a conjunction of condition literals.

use std::fmt;

/// A conjunction of `(condition name, required truth)`; empty means "always".
/// Kept sorted by name so equal scenarios compare equal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct When(Vec<(String, bool)>);

impl When {
    pub const ALWAYS: When = When(Vec::new());

    pub fn one(name: &str, value: bool) -> When {
        When(vec![(name.to_string(), value)])
    }

    pub fn is_always(&self) -> bool {
        self.0.is_empty()
    }

    pub fn literals(&self) -> &[(String, bool)] {
        &self.0
    }

    /// Both scenarios at once, or `None` if they require a condition to be both true
    /// and false. Related conditions are pruned by [`super::Env::possible`].
    pub fn and(&self, other: &When) -> Option<When> {
        let mut out = self.0.clone();
        for (name, value) in &other.0 {
            match out.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
                Ok(i) if out[i].1 != *value => return None,
                Ok(_) => {}
                Err(i) => out.insert(i, (name.clone(), *value)),
            }
        }
        Some(When(out))
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("always");
        }
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            if *value {
                write!(f, "{name}")?;
            } else {
                write!(f, "not {name}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_detects_direct_contradiction_and_sorts() {
        let a = When::one("B", true);
        let b = When::one("A", false);
        let ab = a.and(&b).unwrap();
        assert_eq!(ab.to_string(), "not A and B");
        assert!(ab.and(&When::one("A", true)).is_none());
        assert_eq!(ab.and(&When::one("B", true)).unwrap(), ab);
        assert!(When::ALWAYS.is_always());
    }
}
