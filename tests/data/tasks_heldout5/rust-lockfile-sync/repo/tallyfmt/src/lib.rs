pub fn show(n: u32) -> String { format!("total: {n}") }
