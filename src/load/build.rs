//! Pieces shared by the JSON and YAML front-ends: duplicate-key handling for mappings and
//! byte-offset → [`Pos`] conversion for text that may start with a UTF-8 BOM.

use std::collections::HashMap;

#[cfg(doc)]
use super::LineIndex;
use super::{Diagnostic, Entry, Pos, Span};

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
///
/// Unlike [`LineIndex`] it does not recount a line from its start for every position: a
/// minified one-line template would make that quadratic. ASCII text needs no counting at
/// all; otherwise a table of char counts every 256 bytes bounds the counting per lookup.
pub(super) struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    ascii: bool,
    /// Bytes stripped from the front of the file (3 for a BOM, else 0).
    shift: usize,
    /// `checkpoints[k]` = chars in the first `k * BLOCK` bytes (empty for ASCII text).
    checkpoints: Vec<usize>,
}

const BLOCK: usize = 256;

/// Chars in a byte slice: every byte that is not a UTF-8 continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl<'a> Positions<'a> {
    /// Returns the converter and the text to hand to the parser (without a leading BOM).
    pub(super) fn new(text: &'a str) -> (Self, &'a str) {
        let (body, shift) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, 3),
            None => (text, 0),
        };
        let mut line_starts = vec![0];
        line_starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        let ascii = body.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            let mut total = 0;
            checkpoints.push(0);
            for chunk in body.as_bytes().chunks(BLOCK) {
                total += count_chars(chunk);
                checkpoints.push(total);
            }
        }
        (
            Positions {
                text: body,
                line_starts,
                ascii,
                shift,
                checkpoints,
            },
            body,
        )
    }

    /// Position of byte offset `byte` in the parsed text. Columns do not count the BOM.
    pub(super) fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self
            .line_starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = if self.ascii {
            byte - start
        } else {
            self.chars_before(byte) - self.chars_before(start)
        };
        Pos {
            line: line as u32 + 1,
            col: col as u32 + 1,
            byte: (byte + self.shift) as u32,
        }
    }

    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.pos(start),
            end: self.pos(end),
        }
    }

    /// Chars in `text[..byte]`, counted on from the nearest checkpoint.
    fn chars_before(&self, byte: usize) -> usize {
        let k = byte / BLOCK;
        let base = self.checkpoints.get(k).copied().unwrap_or(0);
        base + self
            .text
            .as_bytes()
            .get(k * BLOCK..byte)
            .map_or(0, count_chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_match_line_index() {
        let text = format!("ab\né ü x\n\tz\r\n{}last", "ä".repeat(300));
        let text = text.as_str();
        let (p, body) = Positions::new(text);
        let li = super::super::LineIndex::new(body);
        // Visit offsets out of order too, so the cursor is exercised both ways.
        let mut offsets: Vec<usize> = body.char_indices().map(|(i, _)| i).collect();
        offsets.extend(offsets.clone().into_iter().rev());
        for b in offsets {
            assert_eq!(p.pos(b), li.pos(b), "byte {b}");
        }
        let (p, _) = Positions::new("\u{feff}é\nx");
        assert_eq!(
            p.pos(3),
            Pos {
                line: 2,
                col: 1,
                byte: 6
            }
        );
    }
}
