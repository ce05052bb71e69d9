//! Pieces shared by the JSON and YAML front-ends: duplicate-key handling for mappings and
//! byte-offset → [`Pos`] conversion for text that may start with a UTF-8 BOM.

use std::collections::HashMap;

use super::{Diagnostic, Entry, LineIndex, Pos, Span};

/// Collects the entries of one mapping. On a duplicate key the earlier entry is dropped and
/// the later one kept at its own position (CloudFormation deploys the last one), with a
/// diagnostic naming both places.
#[derive(Default)]
pub(super) struct MapBuilder {
    /// `None` marks an entry overridden by a later duplicate; dropped in [`Self::finish`].
    entries: Vec<Option<Entry>>,
    /// Key → (slot in `entries`, span of the key's first occurrence).
    index: HashMap<String, (usize, Span)>,
}

impl MapBuilder {
    pub(super) fn insert(&mut self, entry: Entry, diags: &mut Vec<Diagnostic>) {
        let slot = self.entries.len();
        if let Some((old_slot, first)) = self.index.get_mut(&entry.key) {
            let (a, b) = (first.start, entry.key_span.start);
            diags.push(Diagnostic {
                span: entry.key_span,
                message: format!(
                    "duplicate key `{}` at line {}:{} (first at line {}:{}); the last one wins, as CloudFormation deploys it",
                    entry.key, b.line, b.col, a.line, a.col
                ),
            });
            if let Some(old) = self.entries.get_mut(*old_slot) {
                *old = None;
            }
            *old_slot = slot;
        } else {
            self.index.insert(entry.key.clone(), (slot, entry.key_span));
        }
        self.entries.push(Some(entry));
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Number of slots used so far (a position to insert merged entries at later).
    pub(super) fn slot_count(&self) -> usize {
        self.entries.len()
    }

    /// The surviving entries, with `extra` (already filtered by the caller) spliced in at
    /// slot `at`.
    pub(super) fn finish(self, at: usize, extra: Vec<Entry>) -> Vec<Entry> {
        let mut out = Vec::with_capacity(self.entries.len() + extra.len());
        let mut extra = Some(extra);
        for (i, e) in self.entries.into_iter().enumerate() {
            if i == at {
                out.extend(extra.take().unwrap_or_default());
            }
            out.extend(e);
        }
        out.extend(extra.unwrap_or_default());
        out
    }
}

/// Converts byte offsets in the text the parser saw (BOM stripped) to [`Pos`] in the file.
pub(super) struct Positions<'a> {
    index: LineIndex<'a>,
    /// Bytes stripped from the front of the file (3 for a BOM, else 0).
    shift: usize,
}

impl<'a> Positions<'a> {
    /// Returns the converter and the text to hand to the parser (without a leading BOM).
    pub(super) fn new(text: &'a str) -> (Self, &'a str) {
        let (body, shift) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, 3),
            None => (text, 0),
        };
        (
            Positions {
                index: LineIndex::new(body),
                shift,
            },
            body,
        )
    }

    /// Position of byte offset `byte` in the parsed text. Columns do not count the BOM.
    pub(super) fn pos(&self, byte: usize) -> Pos {
        let mut p = self.index.pos(byte);
        p.byte += self.shift as u32;
        p
    }

    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.pos(start),
            end: self.pos(end),
        }
    }
}
