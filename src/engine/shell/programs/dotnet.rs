//! `dotnet` (.NET 8): restore, build and publish over the project file
//! (*.csproj) in the directory, and running a built app's .dll. The SDK
//! commands need an SDK (the sdk image; aspnet and runtime have none, and
//! the host says so). Packages go to ~/.nuget/packages; publish writes the
//! app's .dll, its dependencies and an apphost linked against glibc, or
//! with `--self-contained` the whole runtime (trimmed with
//! PublishTrimmed). Package and runtime sizes are approximations.

use crate::engine::content::{Content, Executable, Linkage};
use crate::engine::vfs::{split_parent, Node};

use super::super::cost;
use super::super::state::{Io, Shell};
use super::common::write_file;

/// Approximate bytes of a NuGet package with what it pulls in, by id
/// prefix; anything else: 600 kB.
const PACKAGES: &[(&str, u64)] = &[
    ("Microsoft.EntityFrameworkCore.SqlServer", 9_500_000),
    ("Microsoft.EntityFrameworkCore", 6_200_000),
    ("Npgsql.EntityFrameworkCore.PostgreSQL", 7_800_000),
    ("Npgsql", 1_700_000),
    ("Swashbuckle.AspNetCore", 3_400_000),
    ("Microsoft.AspNetCore.OpenApi", 400_000),
    ("Newtonsoft.Json", 2_900_000),
    ("Serilog", 1_200_000),
    ("Dapper", 700_000),
    ("AutoMapper", 600_000),
    ("MediatR", 200_000),
    ("Azure.", 4_000_000),
    ("AWSSDK.", 3_000_000),
];

/// The shared runtime a self-contained app carries, whole and trimmed.
const RUNTIME: u64 = 70_000_000;
const ASPNET: u64 = 24_500_000;
const TRIMMED_RUNTIME: u64 = 14_000_000;
const APPHOST: u64 = 72_000;

fn package_size(id: &str) -> u64 {
    PACKAGES
        .iter()
        .find(|(prefix, _)| id.starts_with(prefix))
        .map_or(600_000, |(_, size)| *size)
}

struct Project {
    path: String,
    name: String,
    web: bool,
    packages: Vec<(String, String)>,
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!("{name}=\""))? + name.len() + 2;
    let end = element[start..].find('"')? + start;
    Some(&element[start..end])
}

fn parse_project(path: &str, text: &str) -> Project {
    let stem = split_parent(path).1.trim_end_matches(".csproj").to_string();
    let name = text
        .split_once("<AssemblyName>")
        .and_then(|(_, r)| r.split_once("</AssemblyName>"))
        .map_or(stem, |(n, _)| n.trim().to_string());
    let packages = text
        .split("<PackageReference")
        .skip(1)
        .filter_map(|element| {
            let element = element.split('>').next().unwrap_or_default();
            Some((
                attribute(element, "Include")?.to_string(),
                attribute(element, "Version").unwrap_or("*").to_string(),
            ))
        })
        .collect();
    Project {
        path: path.to_string(),
        name,
        web: text.contains("Microsoft.NET.Sdk.Web"),
        packages,
    }
}

fn sdk_version(shell: &Shell) -> Option<String> {
    let root = "/usr/share/dotnet/sdk";
    shell
        .fs
        .walk_under(root)
        .iter()
        .find(|(p, n)| matches!(n, Node::Dir(_)) && !p.contains('/'))
        .map(|(p, _)| p.clone())
}

fn no_sdk(command: &str, io: &mut Io) -> i32 {
    io.err(&format!(
        "The command could not be loaded, possibly because:\n  * You intended to execute a .NET application:\n      The application '{command}' does not exist.\n  * You intended to execute a .NET SDK command:\n      No .NET SDKs were found.\n\nDownload a .NET SDK:\nhttps://aka.ms/dotnet/download\n\nLearn about SDK resolution:\nhttps://aka.ms/dotnet/sdk-not-found\n"
    ));
    145
}

/// The project named on the command line, or the one project file in
/// the directory.
fn find_project(shell: &Shell, operand: Option<&String>, io: &mut Io) -> Result<Project, i32> {
    let path = match operand {
        Some(p) if p.ends_with(".csproj") => shell.path(p),
        other => {
            let dir = shell.path(other.map_or(".", String::as_str));
            let projects: Vec<String> = shell
                .fs
                .walk_under(&dir)
                .into_iter()
                .filter(|(p, _)| p.ends_with(".csproj") && !p.contains('/'))
                .map(|(p, _)| format!("{}/{p}", dir.trim_end_matches('/')))
                .collect();
            match projects.as_slice() {
                [one] => one.clone(),
                [] => {
                    io.out("MSBUILD : error MSB1003: Specify a project or solution file. The current working directory does not contain a project or solution file.\n");
                    return Err(1);
                }
                _ => {
                    io.out("MSBUILD : error MSB1011: Specify which project or solution file to use because this folder contains more than one project or solution file.\n");
                    return Err(1);
                }
            }
        }
    };
    let Some(text) = shell
        .fs
        .read(&path)
        .ok()
        .and_then(|c| c.as_text().map(String::from))
    else {
        io.out(&format!(
            "MSBUILD : error MSB1009: Project file does not exist.\nSwitch: {path}\n"
        ));
        return Err(1);
    };
    Ok(parse_project(&path, &text))
}

fn nuget_root(shell: &Shell) -> String {
    shell
        .var("NUGET_PACKAGES")
        .map(String::from)
        .unwrap_or_else(|| {
            format!(
                "{}/.nuget/packages",
                shell.var("HOME").unwrap_or("/root").trim_end_matches('/')
            )
        })
}

fn restore(shell: &mut Shell, project: &Project, io: &mut Io) {
    shell.work += cost::DOTNET_RESTORE;
    let root = nuget_root(shell);
    for (id, version) in &project.packages {
        let lower = id.to_lowercase();
        write_file(
            shell,
            &format!("{root}/{lower}/{version}/{lower}.{version}.nupkg"),
            Content::blob(package_size(id), &format!("nuget:{id}:{version}")),
            0o644,
        );
    }
    let obj = format!("{}/obj", split_parent(&project.path).0);
    write_file(
        shell,
        &format!("{obj}/project.assets.json"),
        Content::blob(
            20_000 + 4_000 * project.packages.len() as u64,
            &format!("assets:{}", project.path),
        ),
        0o644,
    );
    io.out(&format!(
        "  Determining projects to restore...\n  Restored {} (in 2.1 sec).\n",
        project.path
    ));
}

struct Options {
    configuration: String,
    output: Option<String>,
    runtime: Option<String>,
    self_contained: bool,
    trimmed: bool,
    single_file: bool,
    app_host: bool,
    no_restore: bool,
    operand: Option<String>,
}

fn parse_options(args: &[String]) -> Options {
    let mut options = Options {
        configuration: "Debug".into(),
        output: None,
        runtime: None,
        self_contained: false,
        trimmed: false,
        single_file: false,
        app_host: true,
        no_restore: false,
        operand: None,
    };
    let mut rest = args.iter().peekable();
    while let Some(arg) = rest.next() {
        let property = arg
            .strip_prefix("-p:")
            .or_else(|| arg.strip_prefix("/p:"))
            .or_else(|| arg.strip_prefix("--property:"));
        match arg.as_str() {
            "-c" | "--configuration" => {
                options.configuration = rest.next().cloned().unwrap_or_default()
            }
            "-o" | "--output" => options.output = rest.next().cloned(),
            "-r" | "--runtime" => {
                options.runtime = rest.next().cloned();
            }
            "--self-contained" | "--sc" => {
                options.self_contained = match rest.peek().map(|s| s.as_str()) {
                    Some("false") => {
                        rest.next();
                        false
                    }
                    Some("true") => {
                        rest.next();
                        true
                    }
                    _ => true,
                }
            }
            "--no-self-contained" => options.self_contained = false,
            "--no-restore" => options.no_restore = true,
            // `-a amd64`: the runtime is linux-<arch> (the simulation's
            // only OS).
            "-a" | "--arch" => {
                if let Some(arch) = rest.next() {
                    let arch = match arch.as_str() {
                        "amd64" => "x64",
                        "arm64" | "aarch64" => "arm64",
                        other => other,
                    };
                    options.runtime = Some(format!("linux-{arch}"));
                }
            }
            // The other options that take a value.
            "-f" | "--framework" | "-s" | "--source" | "--os" | "-v" | "--verbosity"
            | "--packages" | "--version-suffix" | "--configfile" | "--lock-file-path"
            | "--runtime-id" => {
                rest.next();
            }
            _ if property.is_some() => {
                let (key, value) = property
                    .unwrap_or_default()
                    .split_once('=')
                    .unwrap_or(("", ""));
                let on = value.eq_ignore_ascii_case("true");
                match key {
                    "PublishTrimmed" => options.trimmed = on,
                    "PublishSingleFile" => options.single_file = on,
                    "UseAppHost" => options.app_host = on,
                    "SelfContained" => options.self_contained = on,
                    _ => {}
                }
            }
            a if a.starts_with('-') => {}
            _ => options.operand = Some(arg.clone()),
        }
    }
    options
}

fn build(shell: &mut Shell, publish: bool, args: &[String], io: &mut Io) -> i32 {
    let options = parse_options(args);
    let project = match find_project(shell, options.operand.as_ref(), io) {
        Ok(p) => p,
        Err(status) => return status,
    };
    shell.work += if publish {
        cost::DOTNET_PUBLISH
    } else {
        cost::DOTNET_BUILD
    };
    let dir = split_parent(&project.path).0.to_string();
    if options.no_restore {
        if !shell.fs.exists(&format!("{dir}/obj/project.assets.json")) {
            io.out(&format!(
                "/usr/share/dotnet/sdk/{}/Sdks/Microsoft.NET.Sdk/targets/Microsoft.PackageDependencyResolution.targets(266,5): error NETSDK1004: Assets file '{dir}/obj/project.assets.json' not found. Run a NuGet package restore to generate this file. [{}]\n",
                sdk_version(shell).unwrap_or_default(),
                project.path
            ));
            return 1;
        }
    } else {
        restore(shell, &project, io);
    }
    let sources = source_bytes(shell, &dir);
    let assembly = sources * 2 + 6_000;
    let tfm = "net8.0";
    let mut out = match (&options.output, &options.runtime) {
        (Some(o), _) => shell.path(o),
        (None, Some(rid)) => format!("{dir}/bin/{}/{tfm}/{rid}", options.configuration),
        (None, None) => format!("{dir}/bin/{}/{tfm}", options.configuration),
    };
    if publish && options.output.is_none() {
        out.push_str("/publish");
    }
    let name = &project.name;
    let packages: u64 = project
        .packages
        .iter()
        .map(|(id, _)| package_size(id))
        .sum();
    let musl = options
        .runtime
        .as_deref()
        .is_some_and(|r| r.contains("musl"));
    let self_contained = publish
        && (options.self_contained
            || options.trimmed
            || options.single_file && options.runtime.is_some());
    let runtime = if !self_contained {
        0
    } else if options.trimmed {
        TRIMMED_RUNTIME + if project.web { ASPNET / 3 } else { 0 }
    } else {
        RUNTIME + if project.web { ASPNET } else { 0 }
    };
    let linkage = apphost_linkage(musl);
    if options.single_file && publish {
        let size = APPHOST + assembly + packages + runtime;
        write_file(
            shell,
            &format!("{out}/{name}"),
            Content::program(
                size,
                &format!("dotnet-single:{name}:{size}"),
                Executable::new("dotnet", linkage),
            ),
            0o755,
        );
    } else {
        write_file(
            shell,
            &format!("{out}/{name}.dll"),
            Content::blob(assembly, &format!("dotnet-dll:{name}:{assembly}")),
            0o644,
        );
        write_file(
            shell,
            &format!("{out}/{name}.pdb"),
            Content::blob(assembly / 2 + 1_000, &format!("dotnet-pdb:{name}")),
            0o644,
        );
        write_file(
            shell,
            &format!("{out}/{name}.runtimeconfig.json"),
            runtimeconfig(tfm, project.web),
            0o644,
        );
        write_file(
            shell,
            &format!("{out}/{name}.deps.json"),
            Content::blob(
                2_000 + 1_500 * project.packages.len() as u64,
                &format!("deps:{name}"),
            ),
            0o644,
        );
        for (id, version) in &project.packages {
            write_file(
                shell,
                &format!("{out}/{id}.dll"),
                Content::blob(package_size(id) / 2, &format!("nuget-dll:{id}:{version}")),
                0o644,
            );
        }
        if runtime > 0 {
            write_file(
                shell,
                &format!("{out}/System.Private.CoreLib.dll"),
                Content::blob(
                    runtime,
                    &format!("dotnet-runtime:{}:{}", options.trimmed, project.web),
                ),
                0o644,
            );
        }
        if options.app_host || self_contained {
            write_file(
                shell,
                &format!("{out}/{name}"),
                Content::program(
                    APPHOST,
                    &format!("apphost:{name}"),
                    Executable::new("dotnet", linkage),
                ),
                0o755,
            );
        }
        copy_settings(shell, &dir, &out);
    }
    // The build's intermediate files stay in obj/.
    write_file(
        shell,
        &format!("{dir}/obj/{}/{tfm}/{name}.dll", options.configuration),
        Content::blob(assembly, &format!("dotnet-obj:{name}:{assembly}")),
        0o644,
    );
    io.out(&format!(
        "  {name} -> {out}/{}\n",
        if options.single_file && publish {
            name.clone()
        } else {
            format!("{name}.dll")
        }
    ));
    0
}

/// The bytes of the project's C# sources (not obj/ or bin/).
fn source_bytes(shell: &Shell, dir: &str) -> u64 {
    shell
        .fs
        .walk_under(dir)
        .iter()
        .filter(|(p, _)| p.ends_with(".cs") && !p.starts_with("obj/") && !p.starts_with("bin/"))
        .map(|(_, n)| n.size())
        .sum()
}

/// The apphost's loader and libraries: glibc's, or musl's for a musl
/// runtime identifier.
fn apphost_linkage(musl: bool) -> Linkage {
    Linkage::Dynamic {
        interpreter: if musl {
            "/lib/ld-musl-x86_64.so.1".into()
        } else {
            "/lib64/ld-linux-x86-64.so.2".into()
        },
        libraries: if musl {
            vec![
                "libstdc++.so.6".into(),
                "libgcc_s.so.1".into(),
                "libc.musl-x86_64.so.1".into(),
            ]
        } else {
            vec![
                "libstdc++.so.6".into(),
                "libgcc_s.so.1".into(),
                "libc.so.6".into(),
            ]
        },
    }
}

/// The app's runtimeconfig.json: the framework it runs on.
fn runtimeconfig(tfm: &str, web: bool) -> Content {
    Content::text(&format!(
                "{{\n  \"runtimeOptions\": {{\n    \"tfm\": \"{tfm}\",\n    \"framework\": {{\n      \"name\": \"{}\",\n      \"version\": \"8.0.0\"\n    }}\n  }}\n}}\n",
                if web { "Microsoft.AspNetCore.App" } else { "Microsoft.NETCore.App" }
            ))
}

/// The project's appsettings*.json go along with the app.
fn copy_settings(shell: &mut Shell, dir: &str, out: &str) {
    let settings: Vec<(String, Node)> = shell
        .fs
        .walk_under(dir)
        .into_iter()
        .filter(|(p, _)| !p.contains('/') && p.starts_with("appsettings"))
        .map(|(p, n)| (p, n.clone()))
        .collect();
    for (path, node) in settings {
        if let Node::File(file) = node {
            write_file(shell, &format!("{out}/{path}"), file.content.clone(), 0o644);
        }
    }
}

pub fn run(shell: &mut Shell, args: &[String], io: &mut Io) -> i32 {
    let command = args.get(1).cloned().unwrap_or_default();
    let sdk = sdk_version(shell);
    match command.as_str() {
        "--version" => match sdk {
            Some(v) => {
                io.out(&format!("{v}\n"));
                0
            }
            None => no_sdk("--version", io),
        },
        "restore" | "build" | "publish" | "new" | "test" | "run" | "add" | "tool" | "pack"
            if sdk.is_none() =>
        {
            no_sdk(&command, io)
        }
        "restore" => {
            let options = parse_options(&args[2..]);
            match find_project(shell, options.operand.as_ref(), io) {
                Ok(project) => {
                    restore(shell, &project, io);
                    0
                }
                Err(status) => status,
            }
        }
        "build" => build(shell, false, &args[2..], io),
        "publish" => build(shell, true, &args[2..], io),
        dll if dll.ends_with(".dll") => {
            let path = shell.path(dll);
            if !shell.fs.exists(&path) {
                io.err(&format!(
                    "The application to execute does not exist: '{path}'.\n"
                ));
                return 145;
            }
            shell.note(format!(
                "dotnet {dll}: .NET programs are not run by Stagecraft; assumed to succeed with no file changes"
            ));
            0
        }
        _ => {
            shell.note(format!(
                "{}: not simulated; assumed to succeed with no file changes",
                args.join(" ")
            ));
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const PROJECT: &str = "mkdir -p /src && cd /src && echo '<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include=\"Swashbuckle.AspNetCore\" Version=\"6.6.2\" /></ItemGroup></Project>' > Api.csproj && echo 'var app = WebApplication.Create(); app.Run();' > Program.cs && echo '{}' > appsettings.json && ";

    #[test]
    fn publish_writes_the_app_and_restore_fills_the_package_cache() {
        let (fs, status, output, _) = run_in(
            "mcr.microsoft.com/dotnet/sdk:8.0",
            &format!("{PROJECT}dotnet restore && dotnet publish -c Release -o /app --no-restore"),
        );
        assert_eq!(status, 0, "{output}");
        assert!(output.contains("Api -> /app/Api.dll"), "{output}");
        for file in [
            "Api.dll",
            "Api.runtimeconfig.json",
            "Api.deps.json",
            "appsettings.json",
            "Api",
        ] {
            assert!(fs.exists(&format!("/app/{file}")), "{file}");
        }
        assert!(fs.exists(
            "/root/.nuget/packages/swashbuckle.aspnetcore/6.6.2/swashbuckle.aspnetcore.6.6.2.nupkg"
        ));
        let config = fs.read("/app/Api.runtimeconfig.json").unwrap();
        assert!(config
            .as_text()
            .unwrap()
            .contains("Microsoft.AspNetCore.App"));
        // Self-contained carries the runtime; trimming takes most of it off.
        let size = |script: &str| {
            let (fs, status, output, _) = run_in(
                "mcr.microsoft.com/dotnet/sdk:8.0",
                &format!("{PROJECT}{script}"),
            );
            assert_eq!(status, 0, "{output}");
            fs.walk_under("/out")
                .iter()
                .map(|(_, n)| n.size())
                .sum::<u64>()
        };
        let framework = size("dotnet publish -c Release -o /out");
        let whole = size("dotnet publish -c Release -r linux-x64 --self-contained -o /out");
        let trimmed = size("dotnet publish -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -o /out");
        assert!(whole > framework + 90_000_000, "{whole} vs {framework}");
        assert!(trimmed < whole / 3, "{trimmed} vs {whole}");
    }

    #[test]
    fn sdk_commands_need_an_sdk_and_a_project() {
        let (_, status, output, _) = run_in(
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            &format!("{PROJECT}dotnet publish"),
        );
        assert_eq!(status, 145);
        assert!(output.contains("No .NET SDKs were found."), "{output}");
        let (_, status, output, _) = run_in(
            "mcr.microsoft.com/dotnet/sdk:8.0",
            "mkdir /e && cd /e && dotnet build",
        );
        assert_eq!(status, 1);
        assert!(output.contains("MSBUILD : error MSB1003"), "{output}");
        let (_, status, output, _) = run_in(
            "mcr.microsoft.com/dotnet/sdk:8.0",
            &format!("{PROJECT}dotnet publish --no-restore"),
        );
        assert_eq!(status, 1);
        assert!(
            output.contains(
                "error NETSDK1004: Assets file '/src/obj/project.assets.json' not found."
            ),
            "{output}"
        );
        let (_, status, output, _) =
            run_in("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet /app/Api.dll");
        assert_eq!(status, 145);
        assert!(
            output.contains("The application to execute does not exist: '/app/Api.dll'."),
            "{output}"
        );
    }
}
