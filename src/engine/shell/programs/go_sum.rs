//! What `go build` asks of a module's third-party imports before it
//! compiles: a `require` in go.mod for the module that provides each
//! package, and that module's checksum (`path version h1:...`) in go.sum
//! beside go.mod. Since Go 1.16 the go command does not add a missing sum
//! by itself (`-mod=readonly`): a Dockerfile that copies go.mod without
//! go.sum stops at the build, with go's own message and the import's
//! position. `-mod=mod` (on the command line or in GOFLAGS) and a vendor
//! directory lift the go.sum rule.

use super::super::state::Shell;

/// The main module, as go.mod gives it.
pub struct Module<'a> {
    pub dir: &'a str,
    pub path: &'a str,
    pub requires: &'a [(String, String)],
    /// `-mod=mod`, or files built outside any module: go may add what is
    /// missing.
    pub may_update: bool,
}

/// Go's error for the first third-party import whose module is not
/// required, or whose sum go.sum lacks; None when all resolve.
pub fn unresolved_import(
    shell: &Shell,
    module: &Module<'_>,
    imported: &std::collections::BTreeSet<String>,
    files: &[String],
) -> Option<String> {
    let go_sum = shell
        .fs
        .read(&format!("{}/go.sum", module.dir.trim_end_matches('/')))
        .ok()
        .and_then(|c| c.as_text().map(str::to_string))
        .unwrap_or_default();
    let vendored = shell.fs.exists(&format!(
        "{}/vendor/modules.txt",
        module.dir.trim_end_matches('/')
    ));
    for import in imported {
        let first = import.split('/').next().unwrap_or_default();
        let third_party = first.contains('.') && !import.starts_with(module.path);
        if !third_party {
            continue;
        }
        let site = import_site(shell, module.dir, files, import);
        // The module that provides the package: the longest required path
        // the import starts with.
        let provider = module
            .requires
            .iter()
            .filter(|(path, _)| {
                import == path
                    || import
                        .strip_prefix(path.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(path, _)| path.len());
        let Some((path, version)) = provider else {
            return Some(format!(
                "{site}: no required module provides package {import}; to add it:\n\tgo get {import}\n"
            ));
        };
        let summed = go_sum
            .lines()
            .any(|line| line.starts_with(&format!("{path} {version} h1:")));
        if !summed && !module.may_update && !vendored {
            return Some(format!(
                "{site}: missing go.sum entry for module providing package {import} (imported by {}); to add:\n\tgo get {}\n",
                module.path, module.path
            ));
        }
    }
    None
}

/// Where a file imports `import`, as go reports it: `main.go:5:2`
/// (relative to the module, line and column of the path's quote).
fn import_site(shell: &Shell, module_dir: &str, files: &[String], import: &str) -> String {
    let quoted = format!("\"{import}\"");
    for file in files {
        let Some(text) = shell
            .fs
            .read(file)
            .ok()
            .and_then(|c| c.as_text().map(str::to_string))
        else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(col) = line.find(&quoted) {
                let rel = file
                    .strip_prefix(module_dir.trim_end_matches('/'))
                    .unwrap_or(file)
                    .trim_start_matches('/');
                return format!("{rel}:{}:{}", n + 1, col + 1);
            }
        }
    }
    "main.go".into()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run_in;

    const GIN_APP: &str = "mkdir -p /src && cd /src && printf 'module example.com/server\\n\\ngo 1.22\\n\\nrequire github.com/gin-gonic/gin v1.10.0\\n' > go.mod && printf 'package main\\n\\nimport (\\n\\t\"net/http\"\\n\\n\\t\"github.com/gin-gonic/gin\"\\n)\\n\\nfunc main() { _ = http.StatusOK; gin.Default() }\\n' > main.go && ";
    const GIN_SUM: &str = "printf 'github.com/gin-gonic/gin v1.10.0 h1:nTuyha1TYqgedzytsKYqna+DfLos46nTv2ygFy86HFU=\\ngithub.com/gin-gonic/gin v1.10.0/go.mod h1:4PMNQiOhvDRa013RKVbsiNwoyezlm2rm0uX/T7kzp5Y=\\n' > go.sum && ";

    #[test]
    fn a_module_without_its_sum_does_not_build() {
        let (_, status, output, _) = run_in(
            "golang:1.22",
            &format!("{GIN_APP}go mod download && go build -o /out/server ."),
        );
        assert_eq!(status, 1);
        assert_eq!(
            output,
            "main.go:6:2: missing go.sum entry for module providing package github.com/gin-gonic/gin (imported by example.com/server); to add:\n\tgo get example.com/server\n"
        );
        let (_, status, output, _) = run_in(
            "golang:1.22",
            &format!("{GIN_APP}{GIN_SUM}go build -o /out/server ."),
        );
        assert_eq!(status, 0, "{output}");
        let (_, status, output, _) = run_in(
            "golang:1.22",
            &format!("{GIN_APP}go build -mod=mod -o /out/server ."),
        );
        assert_eq!(status, 0, "{output}");
    }

    #[test]
    fn an_import_no_module_provides_is_named_where_it_is() {
        let (_, status, output, _) = run_in(
            "golang:1.22",
            "mkdir -p /src && cd /src && printf 'module example.com/m\\n\\ngo 1.22\\n' > go.mod && printf 'package main\\n\\nimport \"github.com/google/uuid\"\\n\\nfunc main() { uuid.New() }\\n' > main.go && go build .",
        );
        assert_eq!(status, 1);
        assert_eq!(
            output,
            "main.go:3:8: no required module provides package github.com/google/uuid; to add it:\n\tgo get github.com/google/uuid\n"
        );
    }
}
