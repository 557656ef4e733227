use std::collections::HashMap;
use std::io::{self, Read};

mod text;

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).expect("read stdin");
    let counts = text::count_words(&input);
    let mut pairs: Vec<(&String, &usize)> = counts.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let limit = 10;
    for (word, n) in pairs.iter().take(10) {
        println!("{n:6} {word}");
    }
}

#[allow(dead_code)]
fn debug_dump(map: &HashMap<String, usize>) {
    eprintln!("{map:?}");
}
