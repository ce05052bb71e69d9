use super::*;

fn a(pairs: &[(&str, bool)]) -> BTreeMap<String, bool> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn scenarios_are_named_by_the_literal_that_separates_them() {
    let (x, y) = (
        a(&[("A", true), ("B", true)]),
        a(&[("A", true), ("B", false)]),
    );
    let z = a(&[("A", false), ("B", true)]);
    assert_eq!(describe(&[&x, &y], &[&z]), "A");
    assert_eq!(describe(&[&z], &[&x, &y]), "not A");
    assert_eq!(describe(&[&x, &z], &[&y]), "B");
    let w = a(&[("A", false), ("B", false)]);
    assert_eq!(describe(&[&x, &w], &[&y, &z]), "A and B or not A and not B");
}

#[test]
fn parts_combine() {
    use Status::*;
    assert_eq!(Status::all([Met, Met]), Met);
    assert_eq!(Status::all([Met, NotMet]), PartlyMet);
    assert_eq!(Status::all([NotMet, NotMet]), NotMet);
    assert_eq!(Status::all([Met, Unknown]), Unknown);
    assert_eq!(Status::all([NotMet, Unknown]), NotMet);
    assert_eq!(Status::all([PartlyMet, Unknown]), PartlyMet);
    assert_eq!(every_status(3, 0, 0), Met);
    assert_eq!(every_status(3, 1, 0), PartlyMet);
    assert_eq!(every_status(0, 1, 0), NotMet);
    assert_eq!(every_status(2, 0, 1), Unknown);
}

#[test]
fn counts_read_naturally() {
    assert_eq!(Count::exactly(2).to_string(), "exactly 2");
    let c = Count {
        min: Some(1),
        max: None,
    };
    assert_eq!(c.to_string(), "at least 1");
    assert!(c.holds(5) && !c.holds(0));
}
