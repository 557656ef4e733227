use std::collections::HashMap;

fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

fn top(counts: &HashMap<String, usize>, n: usize) -> Vec<(&String, &usize)> {
    let mut pairs: Vec<_> = counts.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1));
    pairs.truncate(n);
    pairs
}

fn main() {
    let text = std::fs::read_to_string("input.txt").unwrap_or_default();
    let counts = count_words(&text);
    let best = top(&counts, 3);
    drop(counts);
    for (word, n) in best {
        println!("{word}: {n}");
    }
}
