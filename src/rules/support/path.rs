//! Following a path below an outcome of [`crate::rules::Res::at`].

use crate::eval::Found;
use crate::rules::Ctx;

/// Every outcome of `path` below `parent` (a [`Found`] from `Res::at`), with scenarios
/// combined and pointers from the template root. Empty when `parent` is absent.
pub fn within<'a>(cx: &Ctx, parent: &Found<'a>, path: &str) -> Vec<Found<'a>> {
    let Some(v) = parent.val else {
        return Vec::new();
    };
    v.at(path)
        .into_iter()
        .filter_map(|f| {
            let when = cx.eval.env.and(&parent.when, &f.when)?;
            Some(Found {
                when,
                pointer: format!("{}{}", parent.pointer, f.pointer),
                ..f
            })
        })
        .collect()
}
