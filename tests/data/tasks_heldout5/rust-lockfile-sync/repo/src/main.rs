fn main() {
    let n = tallycore::tally(&[1, 2, 3]);
    println!("{}", tallyfmt::show(n));
}
