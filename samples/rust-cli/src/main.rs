use clap::Parser;
use serde::Serialize;

#[derive(Parser)]
struct Args {
    #[arg(default_value = "world")]
    name: String,
}

#[derive(Serialize)]
struct Greeting {
    message: String,
}

fn main() {
    let args = Args::parse();
    let greeting = Greeting { message: format!("hello, {}", args.name) };
    println!("{}", serde_json::to_string(&greeting).unwrap());
}
