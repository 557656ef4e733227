pub fn tally(xs: &[u32]) -> u32 { xs.iter().sum() }
