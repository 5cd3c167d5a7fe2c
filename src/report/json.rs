//! The report's JSON schema, version 1: field names and nesting as the
//! README documents them, derived with `serde` from the [`Report`]. The
//! parts whose fields are written as they are named (digests, globals,
//! memories, tables, opened files) derive `Serialize` where they are
//! defined; this file arranges the rest.

use super::{ComponentReport, Digest, GlobalChange, MemoryReport, Report, TableReport};
use crate::wasi::{Activity, Opened};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::time::Duration;

/// The report as written: borrowed from a [`Report`].
#[derive(Serialize)]
pub struct Schema<'a> {
    schema: u32,
    /// What wrote the report (and, unless `--producers-section false`,
    /// named itself in the output's `producers` section).
    producer: Producer,
    input: &'a Digest,
    output: &'a Digest,
    features_used: &'a [&'static str],
    init_function: &'a str,
    start_function_ran: bool,
    initialize_called: bool,
    exports: Exports<'a>,
    globals: &'a [GlobalChange],
    memories: &'a [MemoryReport],
    tables: &'a [TableReport],
    wasi: Option<WasiJson<'a>>,
    phases_ms: Phases<'a>,
    fuel_used: Option<u64>,
    warnings: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<&'a ComponentReport>,
}

#[derive(Serialize)]
struct Producer {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Exports<'a> {
    removed: &'a [String],
    renamed: Vec<Renamed<'a>>,
}

#[derive(Serialize)]
struct Renamed<'a> {
    from: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct WasiJson<'a> {
    files_opened: &'a [Opened],
    env_vars_read: &'a [String],
    clock_reads: u64,
    random_bytes: u64,
    stdout_bytes: u64,
    stderr_bytes: u64,
    open_fds_at_end: u64,
}

/// Phase name -> milliseconds, in the order the phases ran, to the
/// microsecond.
struct Phases<'a>(&'a [(&'static str, Duration)]);

impl Serialize for Phases<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, time) in self.0 {
            let ms = (time.as_secs_f64() * 1e6).round() / 1e3;
            map.serialize_entry(name, &ms)?;
        }
        map.end()
    }
}

impl<'a> Schema<'a> {
    pub fn of(r: &'a Report) -> Self {
        Schema {
            schema: 1,
            producer: Producer {
                name: crate::producers::TOOL,
                version: crate::producers::VERSION,
            },
            input: &r.input,
            output: &r.output,
            features_used: &r.features_used,
            init_function: &r.init_func,
            start_function_ran: r.ran_start,
            initialize_called: r.called_initialize,
            exports: Exports {
                removed: &r.exports_removed,
                renamed: r
                    .exports_renamed
                    .iter()
                    .map(|(from, to)| Renamed { from, to })
                    .collect(),
            },
            globals: &r.globals,
            memories: &r.memories,
            tables: &r.tables,
            wasi: r.wasi.as_ref().map(wasi),
            phases_ms: Phases(&r.phases),
            fuel_used: r.fuel_used,
            warnings: &r.warnings,
            component: r.component.as_ref(),
        }
    }
}

fn wasi(w: &Activity) -> WasiJson<'_> {
    WasiJson {
        files_opened: &w.opened,
        env_vars_read: &w.env_names,
        clock_reads: w.clock_reads,
        random_bytes: w.random_bytes,
        stdout_bytes: w.stdout_bytes,
        stderr_bytes: w.stderr_bytes,
        open_fds_at_end: w.open_fds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema, field by field: a change here is a change of the
    /// documented format (bump `schema` and the README with it).
    #[test]
    fn the_json_schema_is_stable() {
        let report = Report {
            input: Digest::of(b"in"),
            output: Digest::of(b""),
            features_used: vec!["bulk-memory", "simd"],
            init_func: "wizer.initialize".into(),
            ran_start: true,
            called_initialize: false,
            exports_removed: vec!["wizer.initialize".into()],
            exports_renamed: vec![("a".into(), "b\"\n".into())],
            globals: vec![GlobalChange {
                index: 3,
                export: None,
                before: "i32:0".into(),
                after: "i32:7".into(),
            }],
            memories: vec![MemoryReport {
                index: 0,
                export: Some("memory".into()),
                pages_before: 1,
                pages_after: 2,
                nonzero_bytes: 4,
                segments: 1,
                data_bytes: 4,
            }],
            tables: vec![TableReport {
                index: 0,
                size_before: 2,
                size_after: 3,
                non_null: 1,
            }],
            wasi: Some(Activity {
                clock_reads: 1,
                random_bytes: 16,
                env_reads: 1,
                env_vars: 1,
                open_fds: 0,
                opened: vec![Opened {
                    guest_path: "data/x".into(),
                    host_path: "/h/x".into(),
                    mode: "read",
                }],
                env_names: vec!["HOME".into()],
                stdout_bytes: 5,
                stderr_bytes: 0,
            }),
            phases: vec![
                ("read", Duration::from_micros(2_512)),
                ("init", Duration::from_nanos(36_000_400)),
            ],
            fuel_used: None,
            component: None,
            warnings: vec!["w".into()],
        };
        let expected = concat!(
            r#"{"schema":1,"#,
            r#""producer":{"name":"wizer-lite","version":""#,
            env!("CARGO_PKG_VERSION"),
            r#""},"#,
            r#""input":{"size":2,"sha256":"582967534d0f909d196b97f9e6921342777aea87b46fa52df165389db1fb8ccf"},"#,
            r#""output":{"size":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},"#,
            r#""features_used":["bulk-memory","simd"],"init_function":"wizer.initialize","#,
            r#""start_function_ran":true,"initialize_called":false,"#,
            r#""exports":{"removed":["wizer.initialize"],"renamed":[{"from":"a","to":"b\"\n"}]},"#,
            r#""globals":[{"index":3,"export":null,"before":"i32:0","after":"i32:7"}],"#,
            r#""memories":[{"index":0,"export":"memory","pages_before":1,"pages_after":2,"#,
            r#""nonzero_bytes":4,"segments":1,"data_bytes":4}],"#,
            r#""tables":[{"index":0,"size_before":2,"size_after":3,"non_null":1}],"#,
            r#""wasi":{"files_opened":[{"guest_path":"data/x","host_path":"/h/x","mode":"read"}],"#,
            r#""env_vars_read":["HOME"],"clock_reads":1,"random_bytes":16,"stdout_bytes":5,"#,
            r#""stderr_bytes":0,"open_fds_at_end":0},"#,
            r#""phases_ms":{"read":2.512,"init":36.0},"fuel_used":null,"warnings":["w"]}"#,
            "\n"
        );
        assert_eq!(report.to_json(), expected);
    }
}
