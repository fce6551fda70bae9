//! How long a program takes: the simulated seconds each program model
//! adds to its RUN step, from what it does (bytes fetched over the
//! network, bytes unpacked to disk, packages configured, files compiled).
//! The rates are those of a build machine on a good connection; the
//! figures are for comparing steps and builds, not for predicting a
//! real build to the second.

/// The model, stated for the report.
pub const MODEL: &str = "downloads: 0.2 s plus 25 MB/s; unpacking and copying: 250 MB/s; apt-get update 2.5 s, apk update 0.5 s; installing: 0.1 s a package (dpkg configures each); npm, yarn and pip: 1 s plus 0.05 s a package; go build: 1 s plus 0.2 s a standard package and 1.5 s a module; cargo build: 3 s a crate (5 s release) plus 8 s for the crate itself; gcc: 0.4 s a source file; mvn and gradle: 8 s to start plus 12 s to compile; dotnet restore 3 s, build 8 s, publish 12 s; any other command 0.01 s";

const NETWORK: f64 = 25e6;
const DISK: f64 = 250e6;

/// Fetching `bytes` over the network.
pub fn download(bytes: u64) -> f64 {
    0.2 + bytes as f64 / NETWORK
}

/// Writing `bytes` to disk (unpacking, copying).
pub fn unpack(bytes: u64) -> f64 {
    bytes as f64 / DISK
}

/// Installing packages: fetching, unpacking, configuring each.
pub fn packages(count: usize, fetched: u64, unpacked: u64) -> f64 {
    if count == 0 {
        return 0.0;
    }
    download(fetched) + unpack(unpacked) + 0.1 * count as f64
}

/// A language package manager's install (npm, yarn, pip): resolving,
/// then fetching (in parallel, so one latency) and unpacking.
pub fn install(count: usize, bytes: u64) -> f64 {
    if count == 0 {
        return 0.0;
    }
    1.0 + 0.05 * count as f64 + download(bytes) + unpack(bytes)
}

pub const APT_UPDATE: f64 = 2.5;
pub const APK_UPDATE: f64 = 0.5;
pub const COMMAND: f64 = 0.01;

/// `go build`: the standard packages and modules it compiles.
pub fn go_build(std_packages: usize, modules: usize) -> f64 {
    1.0 + 0.2 * std_packages as f64 + 1.5 * modules as f64
}

/// `cargo build`: each dependency, then the crate.
pub fn cargo_build(crates: usize, release: bool) -> f64 {
    let each = if release { 5.0 } else { 3.0 };
    8.0 + each * crates as f64
}

/// gcc and g++: a second or so for each source file.
pub fn compile(sources: usize) -> f64 {
    0.4 * sources as f64
}

/// Maven and Gradle: starting the JVM and the build tool, compiling.
pub const JVM_BUILD: f64 = 20.0;
pub const DOTNET_RESTORE: f64 = 3.0;
pub const DOTNET_BUILD: f64 = 8.0;
pub const DOTNET_PUBLISH: f64 = 12.0;
