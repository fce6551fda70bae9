//! WasmEdge's ahead-of-time compiler, `wasmedgec IN.wasm OUT.wasm`
//! (`wasmedge compile` in newer releases): the module with the native code
//! it compiles to added (about twice the module's size), as WasmEdge's
//! universal Wasm format keeps both. WasmEdge itself is installed by its
//! script (the known downloads).

use crate::engine::content::Content;

use super::super::state::{Io, Shell};
use super::common::write_file;

/// `wasmedgec [OPTIONS] IN OUT`, `wasmedge compile IN OUT`.
pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let operands: Vec<&String> = args[1..]
        .iter()
        .filter(|a| !a.starts_with('-') && a.as_str() != "compile")
        .collect();
    let compiling = args[0].ends_with("wasmedgec") || args.get(1).is_some_and(|a| a == "compile");
    if !compiling {
        shell.note(format!(
            "{}: WebAssembly is not run by Stagecraft; assumed to succeed with no file changes",
            args.join(" ")
        ));
        return 0;
    }
    let [input, output] = operands[..] else {
        io.err("wasmedgec: expected an input and an output file\n");
        return 1;
    };
    let from = shell.path(input);
    let Ok(module) = shell.fs.read(&from).cloned() else {
        io.err(&format!("[error] loading failed: no such file or directory, Code: 0x20\n[error]     File name: \"{from}\"\n"));
        return 1;
    };
    let size = module.size() * 3;
    let to = shell.path(output);
    write_file(
        shell,
        &to,
        Content::blob(size, &format!("wasmedge-aot:{from}")),
        0o644,
    );
    io.out("[info] compile start\n[info] verify start\n[info] optimize start\n[info] codegen start\n[info] output start\n[info] compile done\n");
    0
}
