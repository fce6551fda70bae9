//! In the browser: mounts the web app. On the desktop: the command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The build guard's worker loads the same WebAssembly: it has no
    // window, and only runs the jobs it is sent.
    if web_sys::window().is_some() {
        yew::Renderer::<stagecraft::ui::app::App>::new().render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = stagecraft::cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
