//! The web app rendered on the server side: what a browser shows first.

use stagecraft::ui::app::App;

fn render() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(yew::LocalServerRenderer::<App>::new().render())
}

#[test]
fn the_page_shows_the_example_parsed() {
    let html = render();
    assert!(html.contains("data-ready=\"true\""), "{html}");
    assert!(html.contains("aria-label=\"Dockerfile\""));
    assert!(html.contains("No problems: BuildKit would read this Dockerfile."));
    assert!(html.contains("data-stage=\"build\""));
    assert!(html.contains("class=\"tok-keyword\">FROM</span>"));
    assert!(html.contains("COPY --from=build /out/server /server"));
}
