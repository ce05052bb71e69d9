//! The evaluation environment: parameter values, pseudo parameters, and what is known
//! about each condition.

use std::collections::HashMap;

use super::When;

/// Where a parameter's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--param KEY=VALUE`: a fact.
    Given,
    /// The template's `Default`: what deploys unless someone overrides it.
    Default,
}

/// What is known of a condition before looking at any value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CondState {
    /// Fixed by literals, `--param` values or `--region`.
    Known(bool),
    /// Its value under parameter defaults; other deployments may differ.
    Default(bool),
    /// Depends on something with no value (a parameter without default, an import...).
    Unknown,
}

/// A constraint a condition literal puts on a parameter (for pruning impossible scenarios).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    Eq(String, String),
    Ne(String, String),
}

#[derive(Debug, Clone, Default)]
pub struct Env {
    pub region: String,
    /// True when the region was given (`--region`, CDK manifest) rather than assumed.
    pub region_given: bool,
    pub account: Option<String>,
    /// `--param` values.
    pub overrides: HashMap<String, String>,
    pub(crate) conditions: HashMap<String, CondState>,
    /// For each condition and truth value, the parameter facts it implies (if expressible).
    pub(crate) facts: HashMap<(String, bool), Vec<Fact>>,
    pub(crate) allowed: HashMap<String, Vec<String>>,
}

impl Env {
    pub fn new(
        region: Option<&str>,
        account: Option<&str>,
        overrides: HashMap<String, String>,
    ) -> Env {
        Env {
            region: region.unwrap_or("us-east-1").to_string(),
            region_given: region.is_some(),
            account: account.map(str::to_string),
            overrides,
            ..Env::default()
        }
    }

    pub fn condition(&self, name: &str) -> CondState {
        self.conditions
            .get(name)
            .copied()
            .unwrap_or(CondState::Unknown)
    }

    pub fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    pub fn url_suffix(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        }
    }

    /// Could this scenario happen? False when two of its conditions constrain the same
    /// parameter incompatibly (`Equals [P, a]` and `Equals [P, b]`), or a condition would
    /// need a value outside the parameter's AllowedValues.
    pub fn possible(&self, when: &When) -> bool {
        let mut eq: HashMap<&str, &str> = HashMap::new();
        let mut ne: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, value) in when.literals() {
            if let CondState::Known(k) = self.condition(name)
                && k != *value
            {
                return false;
            }
            for fact in self
                .facts
                .get(&(name.clone(), *value))
                .into_iter()
                .flatten()
            {
                match fact {
                    Fact::Eq(p, v) => {
                        if eq.get(p.as_str()).is_some_and(|old| old != v) {
                            return false;
                        }
                        eq.insert(p, v);
                    }
                    Fact::Ne(p, v) => ne.entry(p).or_default().push(v),
                }
            }
        }
        for (p, v) in &eq {
            if ne.get(p).is_some_and(|n| n.contains(v)) {
                return false;
            }
            if self
                .allowed
                .get(*p)
                .is_some_and(|a| !a.is_empty() && !a.iter().any(|x| x == v))
            {
                return false;
            }
        }
        for (p, n) in &ne {
            if let Some(allowed) = self.allowed.get(*p).filter(|a| !a.is_empty())
                && allowed.iter().all(|a| n.contains(&a.as_str()))
            {
                return false;
            }
        }
        true
    }

    /// Both scenarios at once, if that can happen.
    pub fn and(&self, a: &When, b: &When) -> Option<When> {
        a.and(b).filter(|w| self.possible(w))
    }

    /// True when the scenario holds under the parameter defaults (the deployment that
    /// happens unless someone overrides a parameter). Conditions with no default value
    /// could go either way, so they never rule a scenario out.
    pub fn holds_by_default(&self, when: &When) -> bool {
        when.literals()
            .iter()
            .all(|(name, value)| match self.condition(name) {
                CondState::Known(b) | CondState::Default(b) => b == *value,
                CondState::Unknown => true,
            })
    }
}
