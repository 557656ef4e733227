//! Greedy word wrapping.

/// Wraps `text` into lines of at most `width` characters.
///
/// ```
/// let lines = wordwrap::wrap("the quick brown fox", 10);
/// assert_eq!(lines, vec!["the quick", "brown", "fox"]);
/// ```
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Length of the longest line.
///
/// ```
/// assert_eq!(wordwrap::widest(&["ab".to_string(), "abcd".to_string()]), 4);
/// ```
pub fn widest(lines: &[String]) -> usize {
    lines.iter().map(|l| l.len()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text() {
        assert!(wrap("", 5).is_empty());
    }

    #[test]
    fn long_word_stays_whole() {
        assert_eq!(wrap("internationalization", 5), vec!["internationalization"]);
    }

    #[test]
    fn exact_width() {
        assert_eq!(wrap("ab cd", 5), vec!["ab cd"]);
    }

    #[test]
    fn widest_of_none() {
        assert_eq!(widest(&[]), 0);
    }
}
