//! Byte offset ⇄ line/column conversion, in one place.
//!
//! Spans are byte offsets everywhere inside Abide; this is the only code that
//! turns them into lines and columns, for the terminal (via codespan), the
//! JSON output (1-based, columns in Unicode characters) and the language
//! server (UTF-8 or UTF-16 code units, negotiated).

/// Line starts of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP default, SARIF).
    Utf16,
    /// Unicode scalar values (what a person counts).
    Char,
}

impl LineIndex {
    /// Indexes a text. `\n` ends a line; a `\r` before it belongs to the line.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The byte offsets at which lines start (the first is 0).
    #[must_use]
    pub fn line_starts(&self) -> &[usize] {
        &self.starts
    }

    /// The 0-based line containing `offset` (clamped to the text).
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of a 0-based line, without its `\n`.
    #[must_use]
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(self.len, |&s| s - 1);
        Some(start..end.max(start))
    }

    /// 0-based line and column of `offset`, the column counted in `unit`.
    /// An offset inside a character counts as that character's start.
    #[must_use]
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let prefix = text.get(start..offset).unwrap_or("");
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => prefix.encode_utf16().count(),
            ColumnUnit::Char => prefix.chars().count(),
        };
        (line, col)
    }

    /// The byte offset of a 0-based line and column counted in `unit`; a
    /// column past the end of the line clamps to the line's end, a line past
    /// the end clamps to the end of the text.
    #[must_use]
    pub fn offset(&self, text: &str, line: usize, col: usize, unit: ColumnUnit) -> usize {
        let Some(range) = self.line_range(line) else {
            return self.len;
        };
        // A `\r` before the `\n` is part of the line break, not the line:
        // a column past the end clamps before it.
        let line_text = text.get(range.clone()).unwrap_or("");
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let end = range.start + line_text.len();
        let mut counted = 0;
        for (i, c) in line_text.char_indices() {
            if counted >= col {
                return range.start + i;
            }
            counted += match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Char => 1,
            };
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multibyte_and_astral_columns() {
        let text = "title \"Café 🚀\"\r\ntarget x";
        let idx = LineIndex::new(text);
        let rocket = text.find('🚀').unwrap_or(0);
        assert_eq!(idx.position(text, rocket, ColumnUnit::Utf8), (0, 13));
        assert_eq!(idx.position(text, rocket, ColumnUnit::Utf16), (0, 12));
        assert_eq!(idx.position(text, rocket, ColumnUnit::Char), (0, 12));
        let after = rocket + '🚀'.len_utf8();
        assert_eq!(idx.position(text, after, ColumnUnit::Utf16), (0, 14));
        assert_eq!(idx.position(text, after, ColumnUnit::Char), (0, 13));
        // Inside the rocket's bytes: snaps back to its start.
        assert_eq!(idx.position(text, rocket + 2, ColumnUnit::Char), (0, 12));
        let target = text.find("target").unwrap_or(0);
        assert_eq!(idx.position(text, target, ColumnUnit::Char), (1, 0));
        assert_eq!(idx.offset(text, 0, 14, ColumnUnit::Utf16), after);
        assert_eq!(idx.offset(text, 1, 99, ColumnUnit::Utf16), text.len());
        assert_eq!(idx.offset(text, 9, 0, ColumnUnit::Utf16), text.len());
        // Past the end of a CRLF line: before the `\r`.
        assert_eq!(
            idx.offset(text, 0, 99, ColumnUnit::Utf16),
            text.find('\r').unwrap_or(0)
        );
    }
}
