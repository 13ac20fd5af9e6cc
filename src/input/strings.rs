//! A compact column of strings: one buffer plus end offsets, so that millions
//! of household ids cost one allocation instead of one each.

/// An append-only column of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings {
    data: String,
    ends: Vec<usize>,
}

impl Strings {
    /// Append a string.
    pub fn push(&mut self, s: &str) {
        self.data.push_str(s);
        self.ends.push(self.data.len());
    }

    /// Append every string of `other`, in order.
    ///
    /// ```
    /// let (mut a, mut b) = (phusong::input::Strings::default(), phusong::input::Strings::default());
    /// a.push("a"); b.push("bc"); b.push("");
    /// a.append(b);
    /// assert_eq!(a.iter().collect::<Vec<_>>(), ["a", "bc", ""]);
    /// ```
    pub fn append(&mut self, other: Strings) {
        let base = self.data.len();
        self.data.push_str(&other.data);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// The `i`-th string.
    ///
    /// ```
    /// let mut s = phusong::input::Strings::default();
    /// s.push("a"); s.push("bc");
    /// assert_eq!(s.get(1), "bc");
    /// ```
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..self.ends[i]]
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text and the end offsets, for a reader that fills many strings
    /// at once ([`crate::input::households_fast`]); it keeps them
    /// consistent: ends non-decreasing, each at a char boundary of the
    /// text, the last one the text's length.
    pub(crate) fn parts_mut(&mut self) -> (&mut String, &mut Vec<usize>) {
        (&mut self.data, &mut self.ends)
    }

    /// Iterate in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }
}
