//! The share-link decoder (`Sandbox::from_link`): no panic, no hang, no
//! inflating past the limits, the same answer twice, and a sandbox it
//! accepts survives `to_link` -> `from_link` and `to_json` -> `from_json`
//! unchanged.
//!
//! Input: a first byte of 0 means the rest is sandbox JSON (UTF-8), which
//! the target makes into a link with `link_of_json` (so that the fuzzer
//! reaches the JSON checks); anything else is the link fragment as given
//! (UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::ui::sandbox::{link_of_json, Sandbox};

fuzz_target!(|data: &[u8]| {
    let link = match data.split_first() {
        Some((0, json)) => match std::str::from_utf8(json) {
            Ok(json) => format!("#{}", link_of_json(json)),
            Err(_) => return,
        },
        _ => match std::str::from_utf8(data) {
            Ok(text) => text.to_string(),
            Err(_) => return,
        },
    };
    let first = Sandbox::from_link(&link);
    assert_eq!(first, Sandbox::from_link(&link), "decoding is deterministic");
    if let Err(e) = &first {
        assert!(!e.to_string().is_empty());
    }
    if let Ok(sandbox) = first {
        let again = sandbox.to_link();
        assert_eq!(Sandbox::from_link(&again).as_ref(), Ok(&sandbox), "link round trip");
        assert_eq!(
            Sandbox::from_link(&format!("#{again}")).as_ref(),
            Ok(&sandbox),
            "link round trip with #"
        );
        assert_eq!(Sandbox::from_json(&sandbox.to_json()).as_ref(), Ok(&sandbox), "JSON round trip");
        // What the sandbox gives a build must not panic either.
        let _ = sandbox.context();
        let _ = sandbox.build_options();
    }
});
