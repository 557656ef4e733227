use std::collections::HashMap;

pub fn normalize(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

pub fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for raw in text.split_whitespace() {
        let w = normalize(raw);
        if w.is_empty() {
            continue;
        }
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

pub fn longest_word(text: &str) -> Option<String> {
    text.split_whitespace().map(normalize).max_by_key(|w| w.len())
}
