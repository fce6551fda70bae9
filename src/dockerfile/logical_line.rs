//! An instruction's text with its continuation lines joined, and the way
//! back from each byte of it to the source.

use std::ops::Range;

#[derive(Clone, Debug, Default)]
pub struct LogicalLine {
    pub text: String,
    /// (offset in `text`, offset in the source) where each joined piece
    /// starts; pieces are contiguous in both.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    /// Empties the line, keeping its buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
    }

    /// Appends `piece`, which sits at byte `source_offset` of the source.
    pub fn push(&mut self, piece: &str, source_offset: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), source_offset));
        self.text.push_str(piece);
    }

    /// Where the text starts in the source, when it is all one piece (one
    /// run of the source, on one line).
    pub fn single_piece(&self) -> Option<usize> {
        match self.pieces.as_slice() {
            [(_, source)] => Some(*source),
            _ => None,
        }
    }

    /// The source offset of byte `offset` of the text.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(start, _)| start <= offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((start, source)) => source + (offset - start),
            None => self.pieces.first().map_or(0, |&(_, source)| source),
        }
    }

    /// The source byte range of `range` of the text. An empty range maps to
    /// an empty range where it starts.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        if range.end <= range.start {
            return start..start;
        }
        // Pieces are contiguous byte runs, so the last byte maps one to one.
        start..self.source_offset(range.end - 1) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_joined_text_back_to_source() {
        // "RUN a \\\n  b" joins to "RUN a   b".
        let mut line = LogicalLine::default();
        line.push("RUN a ", 0);
        line.push("  b", 8);
        assert_eq!(line.text, "RUN a   b");
        assert_eq!(line.source_offset(4), 4);
        assert_eq!(line.source_offset(8), 10);
        assert_eq!(line.source_range(4..9), 4..11);
        assert_eq!(line.source_range(6..6), 8..8);
    }
}
