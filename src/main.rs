//! In the browser: mounts the web app. On the desktop: the command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The build guard's worker loads the same WebAssembly: it has no
    // window, and only runs the jobs it is sent.
    if web_sys::window().is_some() {
        yew::Renderer::<stagecraft::ui::app::App>::new().render();
    }
}

/// The command line's allocator (Cargo.toml says why).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // A panic's message may quote a submission: shown, as everything the
    // command line prints, with terminal controls made visible.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "stagecraft: internal error: {}",
            stagecraft::cli::terminal::escape(&info.to_string())
        );
    }));
    // Not `args()`, which panics on an argument that is not UTF-8.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = stagecraft::cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
